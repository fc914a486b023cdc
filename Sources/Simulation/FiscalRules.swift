import Settlement

/// A fixed payment per covered person and year made outside claims (e.g.
/// Xinbin's special fund: family-doctor contract 8 yuan, check-up 150 yuan).
public struct PerPersonPayment: Hashable, Sendable {
    /// Item id used in output.
    public var id: String
    /// Who pays.
    public var payer: String
    /// Yuan per person per year.
    public var amount: Money
    /// Creates a payment.
    public init(id: String, payer: String, amount: Money) {
        self.id = id
        self.payer = payer
        self.amount = amount
    }
}

/// Who pays what outside claim settlement (POLICY.md section 5): the
/// provincial per-capita subsidies, the premium and family-doctor subsidies and
/// their split between province, prefecture and county.
public struct FiscalRules: Hashable, Sendable {
    /// Provincial subsidy to medical assistance per registered poor person-year (10 yuan).
    public var assistanceSubsidyPerPerson: Money
    /// Provincial subsidy to the backstop per registered poor person-year (60 yuan).
    public var backstopSubsidyPerPerson: Money
    /// Payers whose claim payments the county must fund: the backstop liability is
    /// their payments minus the provincial backstop subsidy.
    public var countyBackstopPayers: Set<String>
    /// The individual premium (个人缴费) by year, paid in full by government.
    public var individualPremium: [Int: Money]
    /// Family-doctor fee parts per person-year: public-health funds, insurance fund, and the "individual" part paid by government.
    public var familyDoctorPublicHealth: Money
    /// See ``familyDoctorPublicHealth``.
    public var familyDoctorInsuranceFund: Money
    /// See ``familyDoctorPublicHealth``.
    public var familyDoctorIndividual: Money
    /// The province's share of the premium and of the individual family-doctor part, by poverty status (6:4 in poverty, 4:6 exited).
    public var provincialShare: [PovertyStatus: Rate]
    /// The prefecture's share of what the province does not pay; the county pays the rest (Yunnan 1, prefecture variant 0.2).
    public var prefectureShareOfRest: Rate
    /// Other per-person payments.
    public var perPersonPayments: [PerPersonPayment]

    /// Creates the rules.
    public init(assistanceSubsidyPerPerson: Money, backstopSubsidyPerPerson: Money, countyBackstopPayers: Set<String>,
                individualPremium: [Int: Money], familyDoctorPublicHealth: Money, familyDoctorInsuranceFund: Money,
                familyDoctorIndividual: Money, provincialShare: [PovertyStatus: Rate], prefectureShareOfRest: Rate,
                perPersonPayments: [PerPersonPayment]) {
        self.assistanceSubsidyPerPerson = assistanceSubsidyPerPerson
        self.backstopSubsidyPerPerson = backstopSubsidyPerPerson
        self.countyBackstopPayers = countyBackstopPayers
        self.individualPremium = individualPremium
        self.familyDoctorPublicHealth = familyDoctorPublicHealth
        self.familyDoctorInsuranceFund = familyDoctorInsuranceFund
        self.familyDoctorIndividual = familyDoctorIndividual
        self.provincialShare = provincialShare
        self.prefectureShareOfRest = prefectureShareOfRest
        self.perPersonPayments = perPersonPayments
    }
}
