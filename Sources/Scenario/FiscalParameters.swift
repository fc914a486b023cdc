import Settlement

/// The parameters of the fiscal ledger (POLICY.md section 5): who pays the
/// subsidised premium and the family-doctor fee, the provincial per-capita
/// subsidies to settlement tiers, and other per-person payments. They live in
/// the scenario file beside the settlement plan because the documents set them
/// together and disagree on them.
public struct FiscalParameters: Hashable, Sendable {
    /// Provincial subsidy per registered poor person per year, by the id of the
    /// tier it funds (Yunnan: `medical_assistance` 10, `backstop` 60). The
    /// county's liability for a tier is its payments minus this times the
    /// registered poor.
    public var provincialSubsidies: [String: Money]
    /// The individual resident-insurance premium per person, by year; paid in
    /// full by government for the registered poor (measure 1).
    public var individualPremium: [Int: Money]
    /// The family-doctor contract fee and its parts, or `nil` when the
    /// scenario's documents do not set one (Xinbin pays 8 yuan from its
    /// special fund instead: a ``perPersonPayments`` entry).
    public var familyDoctor: FamilyDoctorFee?
    /// The province's share of the government-paid premium and family-doctor
    /// individual part, by poverty status (Yunnan: in poverty 0.6, exited 0.4).
    public var provinceShare: PovertyStatusShares
    /// The prefecture's share of what the province does not pay; the county
    /// pays the rest (Yunnan 1: all prefecture; the prefecture variant 0.2, i.e. 2:8).
    public var prefectureShareOfRest: Rate
    /// Other fixed payments per person per year (Xinbin's special fund: contract 8, check-up 150).
    public var perPersonPayments: [PerPersonPayment]

    /// Creates fiscal parameters.
    public init(provincialSubsidies: [String: Money], individualPremium: [Int: Money],
                familyDoctor: FamilyDoctorFee?, provinceShare: PovertyStatusShares,
                prefectureShareOfRest: Rate, perPersonPayments: [PerPersonPayment]) {
        self.provincialSubsidies = provincialSubsidies
        self.individualPremium = individualPremium
        self.familyDoctor = familyDoctor
        self.provinceShare = provinceShare
        self.prefectureShareOfRest = prefectureShareOfRest
        self.perPersonPayments = perPersonPayments
    }

    /// Splits a government-paid amount (a premium, the family-doctor
    /// individual part) between province, prefecture and county for a person
    /// of this poverty status. The parts are rounded to the fen and the county
    /// takes the remainder, so they sum to `amount` exactly.
    public func governmentSplit(of amount: Money, status: PovertyStatus) -> GovernmentShares {
        let province = provinceShare[status].apply(to: amount)
        let rest = amount - province
        let prefecture = prefectureShareOfRest.apply(to: rest)
        return GovernmentShares(province: province, prefecture: prefecture, county: rest - prefecture)
    }
}

/// The family-doctor contract fee (家庭医生签约服务费, measure 10) and who pays
/// its parts: basic public-health funds, the insurance fund, and the
/// "individual" part that government pays for the poor.
public struct FamilyDoctorFee: Hashable, Sendable {
    /// The whole fee per person per year (Yunnan 36).
    public var fee: Money
    /// The part paid from basic public-health funds (12).
    public var publicHealth: Money
    /// The part paid by the insurance fund (12).
    public var insuranceFund: Money
    /// The individual part, paid by government for the poor and split like the premium (12).
    public var individual: Money

    /// Creates a fee; the loader checks that the parts add up to the fee.
    public init(fee: Money, publicHealth: Money, insuranceFund: Money, individual: Money) {
        self.fee = fee
        self.publicHealth = publicHealth
        self.insuranceFund = insuranceFund
        self.individual = individual
    }
}

/// A share that depends on the person's poverty status (e.g. the province pays
/// 60% for people in poverty and 40% for those who exited).
public struct PovertyStatusShares: Hashable, Sendable {
    /// The share for people still in poverty (未脱贫).
    public var inPoverty: Rate
    /// The share for people who exited poverty (已脱贫).
    public var exitedPoverty: Rate

    /// Creates the shares.
    public init(inPoverty: Rate, exitedPoverty: Rate) {
        self.inPoverty = inPoverty
        self.exitedPoverty = exitedPoverty
    }

    /// The share for a status.
    public subscript(status: PovertyStatus) -> Rate {
        status == .inPoverty ? inPoverty : exitedPoverty
    }
}

/// An amount split between the three levels of government below the centre.
public struct GovernmentShares: Hashable, Sendable {
    /// Paid by the province (省).
    public var province: Money
    /// Paid by the prefecture (州/市).
    public var prefecture: Money
    /// Paid by the county (县/区).
    public var county: Money

    /// Creates the shares.
    public init(province: Money, prefecture: Money, county: Money) {
        self.province = province
        self.prefecture = prefecture
        self.county = county
    }

    /// The three parts together.
    public var total: Money { province + prefecture + county }
}

/// A fixed payment per person per year outside claim settlement, e.g. Xinbin's
/// special fund paying 8 yuan per family-doctor contract and 150 yuan per
/// annual check-up.
public struct PerPersonPayment: Hashable, Sendable {
    /// An id for the payment, e.g. `family_doctor_contract`.
    public var id: String
    /// A human name.
    public var name: String
    /// Who pays, a payer id such as `special_fund`.
    public var payer: String
    /// Yuan per person per year.
    public var amount: Money
    /// Whose persons it is paid for; `nil` means every registered poor person.
    public var povertyStatuses: Set<PovertyStatus>?

    /// Creates a payment.
    public init(id: String, name: String, payer: String, amount: Money, povertyStatuses: Set<PovertyStatus>? = nil) {
        self.id = id
        self.name = name
        self.payer = payer
        self.amount = amount
        self.povertyStatuses = povertyStatuses
    }
}
