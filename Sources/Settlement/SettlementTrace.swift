/// What one rule of one tier did on one claim, with every number a settlement
/// clerk needs to check the payment by hand (`fundsim settle --explain`).
public struct RuleTrace: Hashable, Sendable {
    /// Tier index in the plan.
    public var tier: Int
    /// The rule that applied.
    public var ruleID: String
    /// The formula's base kind.
    public var base: PaymentBase
    /// The base amount.
    public var baseAmount: Money
    /// For coinsurance: the consultation fee paid in full (else zero).
    public var feeInFull: Money
    /// Deductible consumed by this claim (per-claim or annual).
    public var deductibleUsed: Money
    /// For an annual deductible: what was left of it before this claim.
    public var annualDeductibleLeft: Money?
    /// The ratio (coinsurance) or the target (top-up).
    public var rate: Rate
    /// Whether the rule is a top-up.
    public var isTopUp: Bool
    /// For a top-up: what earlier tiers already paid on the claim.
    public var paidBefore: Money
    /// The formula's amount before the floor, the cap and what is unpaid.
    public var formulaAmount: Money
    /// The floor amount, where a floor applies.
    public var floorAmount: Money?
    /// What was left of the annual cap before this claim, where the rule has a cap.
    public var capLeft: Money?
    /// What was still unpaid on the claim when the tier was reached.
    public var unpaidBefore: Money
    /// The payment.
    public var payment: Money

    /// Creates a trace record (used by the engine).
    @inlinable public init(tier: Int, ruleID: String, base: PaymentBase, baseAmount: Money, feeInFull: Money, deductibleUsed: Money, annualDeductibleLeft: Money?, rate: Rate, isTopUp: Bool, paidBefore: Money, formulaAmount: Money, floorAmount: Money?, capLeft: Money?, unpaidBefore: Money, payment: Money) {
        self.tier = tier
        self.ruleID = ruleID
        self.base = base
        self.baseAmount = baseAmount
        self.feeInFull = feeInFull
        self.deductibleUsed = deductibleUsed
        self.annualDeductibleLeft = annualDeductibleLeft
        self.rate = rate
        self.isTopUp = isTopUp
        self.paidBefore = paidBefore
        self.formulaAmount = formulaAmount
        self.floorAmount = floorAmount
        self.capLeft = capLeft
        self.unpaidBefore = unpaidBefore
        self.payment = payment
    }
}

/// What the income-line guarantee did on one claim.
public struct LimitTrace: Hashable, Sendable {
    /// Tier index in the plan.
    public var tier: Int
    /// The line of the year.
    public var line: Money
    /// The person's counted annual out-of-pocket before this claim (`sofar`).
    public var outOfPocketBefore: Money
    /// What was unpaid on the claim when the guarantee was reached (`oop`).
    public var unpaidBefore: Money
    /// `min(oop, max(0, sofar + oop − line))`.
    public var payment: Money

    /// Creates a trace record (used by the engine).
    @inlinable public init(tier: Int, line: Money, outOfPocketBefore: Money, unpaidBefore: Money, payment: Money) {
        self.tier = tier
        self.line = line
        self.outOfPocketBefore = outOfPocketBefore
        self.unpaidBefore = unpaidBefore
        self.payment = payment
    }
}

/// One event of a claim's settlement.
public enum TraceEvent: Hashable, Sendable {
    /// No rule of the tier matched the claim; the tier paid nothing.
    case noRule(tier: Int)
    /// A rule applied.
    case rule(RuleTrace)
    /// The income-line guarantee applied.
    case limit(LimitTrace)
}

/// Receives the steps of a settlement. The engine is generic over it so that the
/// hot path, with ``NoTrace``, pays nothing for the explanation machinery.
public protocol SettlementTracer {
    /// Records one event; the autoclosure is only evaluated by tracers that keep events.
    mutating func record(_ event: @autoclosure () -> TraceEvent)
}

/// The tracer of the hot path: records nothing.
public struct NoTrace: SettlementTracer {
    /// Creates the tracer.
    @inlinable public init() {}
    /// Discards the event without building it.
    @inlinable public mutating func record(_ event: @autoclosure () -> TraceEvent) {}
}

/// A tracer that keeps every event, for `--explain` and tests.
public struct TraceRecorder: SettlementTracer {
    /// The events, in order.
    public var events: [TraceEvent] = []
    /// Creates an empty recorder.
    public init() {}
    /// Appends the event.
    public mutating func record(_ event: @autoclosure () -> TraceEvent) { events.append(event()) }
}
