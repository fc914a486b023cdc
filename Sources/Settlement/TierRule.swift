/// The amount a rule's ratio or target applies to.
public enum PaymentBase: String, CaseIterable, Hashable, Sendable {
    /// The claim's policy-range cost (政策范围内费用).
    case policyRange = "policy_range"
    /// The claim's total cost.
    case totalCost = "total_cost"
    /// The policy-range cost minus what earlier tiers paid on the claim (at least 0):
    /// "the patient's remaining policy-range share" of critical-illness insurance.
    case policyRangeRemaining = "policy_range_remaining"
    /// What is still unpaid on the claim when the tier is reached.
    case unpaid = "unpaid"
}

/// A deductible (起付线) of a coinsurance rule.
public enum Deductible: Hashable, Sendable {
    /// No deductible.
    case none
    /// A deductible per claim (per admission), by facility level.
    case perClaim(LevelValues<Money>)
    /// An annual deductible of the person-year, named in the tier's ``Tier/annualDeductibles``
    /// and consumed by the bases of the claims it applies to, in claim order.
    case annual(String)
}

/// `ratio × (base − deductible)`, the ordinary reimbursement formula, with the
/// options the policy documents need.
public struct Coinsurance: Hashable, Sendable {
    /// What the ratio applies to.
    public var base: PaymentBase
    /// The reimbursement ratio by facility level.
    public var ratio: LevelValues<Rate>
    /// The deductible.
    public var deductible: Deductible
    /// Pay the claim's general consultation fee (一般诊疗费) in full, outside the
    /// ratio, the deductible and the cap; the ratio applies to the rest of the base.
    public var consultationFeeInFull: Bool
    /// A minimum payment as a share of the base (e.g. 单人单次 … 不低于70%), still subject to the cap.
    public var floor: Rate?
    /// The annual cap of the tier this rule's payments count against, by name.
    public var cap: String?

    /// Creates a coinsurance formula.
    public init(base: PaymentBase, ratio: LevelValues<Rate>, deductible: Deductible = .none,
                consultationFeeInFull: Bool = false, floor: Rate? = nil, cap: String? = nil) {
        self.base = base
        self.ratio = ratio
        self.deductible = deductible
        self.consultationFeeInFull = consultationFeeInFull
        self.floor = floor
        self.cap = cap
    }
}

/// `max(0, target × base − paid by earlier tiers)`: tops the claim's
/// reimbursement up to a target ratio (e.g. medical assistance to 90% of the
/// policy range, the backstop to 90% of total cost).
public struct TopUp: Hashable, Sendable {
    /// What the target applies to: ``PaymentBase/policyRange`` or ``PaymentBase/totalCost``.
    public var base: PaymentBase
    /// The target share of the base that all tiers so far should reach.
    public var target: Rate
    /// The annual cap of the tier these payments count against, by name.
    public var cap: String?

    /// Creates a top-up formula.
    public init(base: PaymentBase, target: Rate, cap: String? = nil) {
        self.base = base
        self.target = target
        self.cap = cap
    }
}

/// How a rule computes its payment.
public enum PaymentFormula: Hashable, Sendable {
    /// `ratio × (base − deductible)`.
    case coinsurance(Coinsurance)
    /// Top up to a target share of a base.
    case topUp(TopUp)
}

/// One rule of a tier: which claims, and how much the tier pays on them. In a
/// tier, the first rule whose filter matches a claim is the one that applies.
public struct TierRule: Hashable, Sendable {
    /// A name for the rule, shown by `--explain`.
    public var id: String
    /// The claims it applies to.
    public var filter: ClaimFilter
    /// The payment formula.
    public var formula: PaymentFormula

    /// Creates a rule.
    public init(id: String, filter: ClaimFilter, formula: PaymentFormula) {
        self.id = id
        self.filter = filter
        self.formula = formula
    }
}
