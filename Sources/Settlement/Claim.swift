import PolicyCatalog

/// One medical bill of one person, as the one-stop settlement desk (一站式结算)
/// sees it (POLICY.md section 3). Amounts are exact fen.
@frozen
public struct Claim: Hashable, Sendable {
    // The small fields first and together: with the one-byte optional disease index they
    // fill one 8-byte word, so a claim is 32 bytes (stride 32), not 34 (stride 40).
    /// Where and how care was given.
    public var setting: ClaimSetting
    /// The facility level.
    public var level: FacilityLevel
    /// Whether the facility is in the person's county (县域内).
    public var inCounty: Bool
    /// Whether the admission followed the referral rules (符合转诊转院规范), as recorded.
    public var referralCompliant: Bool
    /// The person's poverty status in the claim's year.
    public var povertyStatus: PovertyStatus
    /// The person's welfare category.
    public var welfareCategory: WelfareCategory
    /// The disease's index in the catalog, `nil` when none is recorded.
    public var disease: DiseaseIndex?
    /// The whole bill.
    public var totalCost: Money
    /// The part within the policy range (政策范围内), at most `totalCost`.
    public var policyRangeCost: Money
    /// For general outpatient: the general consultation fee (一般诊疗费) part of the policy range.
    public var consultationFee: Money

    /// Creates a claim.
    @inlinable
    public init(setting: ClaimSetting, level: FacilityLevel, inCounty: Bool, referralCompliant: Bool,
                disease: DiseaseIndex? = nil, totalCost: Money, policyRangeCost: Money, consultationFee: Money = .zero,
                povertyStatus: PovertyStatus = .inPoverty, welfareCategory: WelfareCategory = .registeredPoor) {
        self.setting = setting
        self.level = level
        self.inCounty = inCounty
        self.referralCompliant = referralCompliant
        self.disease = disease
        self.totalCost = totalCost
        self.policyRangeCost = policyRangeCost
        self.consultationFee = consultationFee
        self.povertyStatus = povertyStatus
        self.welfareCategory = welfareCategory
    }

    /// Compliance as the rules see it: outpatient claims always count as compliant;
    /// for admissions the recorded flag decides.
    /// Always inlined: the engine asks it for every claim, and left to itself the compiler called it.
    @inlinable public var isCompliant: Bool {
        @inline(__always) get { setting.isOutpatient || referralCompliant }
    }
}
