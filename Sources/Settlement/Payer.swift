/// Who pays a settlement tier or a per-person payment: the funds named by
/// POLICY.md section 3 and the seeds' documents. A closed set, so that a
/// misspelt payer in a scenario file is refused at its line rather than booked
/// nowhere, and so that the fiscal ledger finds the county's and medical
/// assistance's tiers by type, not by matching names.
public enum Payer: String, CaseIterable, Hashable, Sendable {
    /// The basic medical insurance fund (基本医保基金, 城乡居民医保).
    case insuranceFund = "insurance_fund"
    /// The new rural cooperative medical scheme fund (新农合基金), Xinbin's basic insurance.
    case ncmsFund = "ncms_fund"
    /// The critical-illness insurer (大病保险承办机构), funded from the insurance fund.
    case criticalIllnessInsurer = "critical_illness_insurer"
    /// A supplementary commercial insurer (补充医疗保险), e.g. Qujiang's.
    case supplementaryInsurer = "supplementary_insurer"
    /// The civil-affairs medical assistance fund (医疗救助基金, 民政): the tier the
    /// province's 10 yuan per person subsidises (measure 4).
    case civilAffairsAssistanceFund = "civil_affairs_assistance_fund"
    /// The county government's own budget: the backstop (兜底保障) the province's
    /// 60 yuan per person subsidises (measure 5).
    case countyGovernment = "county_government"
    /// The poverty-alleviation office's fee-reduction fund (扶贫办减免), Xinbin.
    case povertyOfficeFeeReductionFund = "poverty_office_fee_reduction_fund"
    /// The county's health poverty-alleviation special fund (健康扶贫专项资金), Xinbin.
    case healthPovertySpecialFund = "health_poverty_special_fund"
    /// The designated hospital itself, absorbing what is left (定点医院承担), Xinbin.
    case designatedHospital = "designated_hospital"

    /// The id used in scenario files and output (`county_government`).
    @inlinable public var id: String { rawValue }
}
