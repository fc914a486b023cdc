/// The income-line guarantee (backstop (b)): the part of a person's annual
/// out-of-pocket on the counted claims above a yearly line is paid by the tier,
/// so that this annual out-of-pocket never exceeds the line.
public struct OutOfPocketLimit: Hashable, Sendable {
    /// Which claims count (and get the payment): by default compliant inpatient,
    /// major-disease and chronic-outpatient claims.
    public var filter: ClaimFilter
    /// The line per year, e.g. the rural per-capita disposable income (农村居民人均可支配收入).
    public var line: [Int: Money]

    /// Creates a guarantee.
    public init(filter: ClaimFilter, line: [Int: Money]) {
        self.filter = filter
        self.line = line
    }
}

/// One payer tier of the settlement cascade, e.g. basic insurance (基本医保) or
/// the county backstop (兜底保障).
public struct Tier: Hashable, Sendable {
    /// The tier's id; also its column name in settlement output (`basic_insurance`).
    public var id: String
    /// A human name, e.g. "Basic medical insurance (基本医保)".
    public var name: String
    /// Who pays, e.g. ``Payer/insuranceFund`` or ``Payer/countyGovernment``.
    public var payer: Payer
    /// Rules in order; the first one whose filter matches a claim applies.
    public var rules: [TierRule]
    /// Annual caps (年度封顶) of the person-year, by name.
    public var annualCaps: [String: Money]
    /// Annual deductibles of the person-year, by name.
    public var annualDeductibles: [String: Money]
    /// An optional income-line guarantee applied after the rule.
    public var outOfPocketLimit: OutOfPocketLimit?

    /// Creates a tier.
    public init(id: String, name: String, payer: Payer, rules: [TierRule],
                annualCaps: [String: Money] = [:], annualDeductibles: [String: Money] = [:],
                outOfPocketLimit: OutOfPocketLimit? = nil) {
        self.id = id
        self.name = name
        self.payer = payer
        self.rules = rules
        self.annualCaps = annualCaps
        self.annualDeductibles = annualDeductibles
        self.outOfPocketLimit = outOfPocketLimit
    }
}

/// A whole settlement rule set as data: the ordered payer tiers and any disease
/// lists the rules name beyond the built-in ones.
public struct SettlementPlan: Hashable, Sendable {
    /// The tiers, in settlement order.
    public var tiers: [Tier]
    /// Scenario-defined disease lists (e.g. Xinbin's 14 major diseases), name → codes.
    public var diseaseLists: [String: [String]]

    /// Creates a plan.
    public init(tiers: [Tier], diseaseLists: [String: [String]] = [:]) {
        self.tiers = tiers
        self.diseaseLists = diseaseLists
    }
}
