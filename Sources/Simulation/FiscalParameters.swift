import Settlement

/// The parameters of the fiscal ledger (POLICY.md section 5): who pays the
/// subsidised premium and the family-doctor fee, the provincial per-capita
/// subsidies to settlement tiers, and other per-person payments. They live in
/// the scenario file beside the settlement plan because the documents set them
/// together and disagree on them.
public struct FiscalParameters: Hashable, Sendable {
    /// Provincial subsidy per registered poor person per year, by the fund it
    /// subsidises (Yunnan: medical assistance 10, backstop 60). The county's
    /// backstop liability is its tiers' payments minus the backstop subsidy
    /// times the registered poor. Keyed by ``SubsidisedFund``, so a subsidy for
    /// a fund the ledger does not book cannot be expressed.
    public var provincialSubsidies: [SubsidisedFund: Money]
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
    public init(provincialSubsidies: [SubsidisedFund: Money], individualPremium: [Int: Money],
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

/// A fund the province subsidises per registered poor person (POLICY.md
/// section 5): medical assistance (measure 4, 10 yuan) and the county backstop
/// (measure 5, 60 yuan). Each is the spending of the tiers of one ``Payer``;
/// a scenario names the subsidy by the id of such a tier.
public enum SubsidisedFund: String, CaseIterable, Hashable, Sendable {
    /// Medical assistance (医疗救助): the tiers paid by ``Payer/civilAffairsAssistanceFund``.
    case medicalAssistance = "medical_assistance"
    /// The county backstop (兜底保障): the tiers paid by ``Payer/countyGovernment``.
    case backstop

    /// The payer whose tiers' spending the subsidy funds.
    public var payer: Payer {
        switch self {
        case .medicalAssistance: .civilAffairsAssistanceFund
        case .backstop: .countyGovernment
        }
    }

    /// The fund of the tiers a payer pays, or `nil` when the province does not subsidise that payer.
    public init?(payer: Payer) {
        guard let fund = Self.allCases.first(where: { $0.payer == payer }) else { return nil }
        self = fund
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
    /// Who pays, e.g. ``Payer/healthPovertySpecialFund``.
    public var payer: Payer
    /// Yuan per person per year.
    public var amount: Money
    /// Whose persons it is paid for; `nil` means every registered poor person.
    public var povertyStatuses: Set<PovertyStatus>?

    /// Creates a payment.
    public init(id: String, name: String, payer: Payer, amount: Money, povertyStatuses: Set<PovertyStatus>? = nil) {
        self.id = id
        self.name = name
        self.payer = payer
        self.amount = amount
        self.povertyStatuses = povertyStatuses
    }
}
