/// Which claims a rule applies to. Every condition left `nil` (or empty) matches
/// anything; the conditions that are set must all hold.
public struct ClaimFilter: Hashable, Sendable {
    /// Settings the claim must have.
    public var settings: Set<ClaimSetting>?
    /// Facility levels the claim must have.
    public var levels: Set<FacilityLevel>?
    /// Required compliance as the rules see it (``Claim/isCompliant``).
    public var referralCompliant: Bool?
    /// Required in-county flag.
    public var inCounty: Bool?
    /// The claim's disease must be in at least one of these lists (built-in or scenario-defined).
    public var diseaseLists: [String]?
    /// The claim's disease must be in none of these lists.
    public var excludedDiseaseLists: [String]
    /// Poverty statuses the person must have.
    public var povertyStatuses: Set<PovertyStatus>?
    /// Welfare categories the person must have.
    public var welfareCategories: Set<WelfareCategory>?

    /// Creates a filter; the default matches every claim.
    public init(settings: Set<ClaimSetting>? = nil, levels: Set<FacilityLevel>? = nil,
                referralCompliant: Bool? = nil, inCounty: Bool? = nil,
                diseaseLists: [String]? = nil, excludedDiseaseLists: [String] = [],
                povertyStatuses: Set<PovertyStatus>? = nil, welfareCategories: Set<WelfareCategory>? = nil) {
        self.settings = settings
        self.levels = levels
        self.referralCompliant = referralCompliant
        self.inCounty = inCounty
        self.diseaseLists = diseaseLists
        self.excludedDiseaseLists = excludedDiseaseLists
        self.povertyStatuses = povertyStatuses
        self.welfareCategories = welfareCategories
    }

    /// Matches every claim.
    public static let any = ClaimFilter()
}
