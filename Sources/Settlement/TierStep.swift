/// The arithmetic of one step of the settlement cascade (POLICY.md sections 4 and 8),
/// written once: ``SettlementEngine`` calls it for every tier of every claim with the
/// person-year's accumulators, and ``FirstClaimSettler`` calls it with the values a
/// fresh person-year has (every accumulator zero), so the fast path cannot drift from
/// the engine.
///
/// Callers resolve the rule and the accumulators into plain numbers (a deductible's
/// and a cap's amount left, the counted out-of-pocket so far) and update their own
/// accumulators from the outcome; the step itself is pure.
@usableFromInline
enum TierStep {
    /// A tier's rule reduced to what its arithmetic needs at one facility level.
    @usableFromInline
    struct Rule: Sendable {
        @usableFromInline var isTopUp: Bool
        @usableFromInline var feeInFull: Bool
        @usableFromInline var base: PaymentBase
        /// The ratio (coinsurance) or target (top-up) at the claim's level, ppm.
        @usableFromInline var rate: Int64
        /// The floor, ppm of the base; 0 without one (the formula is never negative, so 0 changes nothing).
        @usableFromInline var floor: Int64

        @inlinable
        init(isTopUp: Bool, feeInFull: Bool, base: PaymentBase, rate: Int64, floor: Int64) {
            self.isTopUp = isTopUp
            self.feeInFull = feeInFull
            self.base = base
            self.rate = rate
            self.floor = floor
        }
    }

    /// What a rule paid on a claim, and the amounts on the way (reported by the trace).
    @usableFromInline
    struct Outcome {
        /// The tier's payment under the rule (before any income-line guarantee), fen.
        @usableFromInline var payment: Int64
        @usableFromInline var baseAmount: Int64
        /// The consultation fee paid in full (outside the cap), fen.
        @usableFromInline var feePaid: Int64
        /// What the claim used of the deductible, fen.
        @usableFromInline var deductibleUsed: Int64
        /// The formula's amount (ratio × (base − fee − deductible), or the top-up), fen.
        @usableFromInline var formula: Int64
        /// The floor's amount (0 without a floor), fen.
        @usableFromInline var floorAmount: Int64

        @inlinable
        init(payment: Int64, baseAmount: Int64, feePaid: Int64, deductibleUsed: Int64, formula: Int64, floorAmount: Int64) {
            self.payment = payment
            self.baseAmount = baseAmount
            self.feePaid = feePaid
            self.deductibleUsed = deductibleUsed
            self.formula = formula
            self.floorAmount = floorAmount
        }
    }

    /// A rule's payment on a claim of `total` cost, `policyRange` policy-range cost and
    /// consultation fee `fee` (already at most `policyRange`), when earlier tiers paid
    /// `paid` and `unpaid` is left; `deductibleLeft` (≥ 0) is what the claim may still
    /// use of its deductible (per claim, or the annual one's rest), `capLeft` (≥ 0) what
    /// is left of the rule's annual cap (`Int64.max` without one).
    @inlinable @inline(__always)
    static func pay(_ rule: Rule, total: Int64, policyRange: Int64, fee: Int64, paid: Int64, unpaid: Int64,
                    deductibleLeft: Int64, capLeft: Int64) -> Outcome {
        let baseAmount: Int64
        switch rule.base {
        case .policyRange: baseAmount = policyRange
        case .totalCost: baseAmount = total
        case .policyRangeRemaining: baseAmount = max(0, policyRange &- paid)
        case .unpaid: baseAmount = unpaid
        }
        var feePaid: Int64 = 0
        var deductibleUsed: Int64 = 0
        var floorAmount: Int64 = 0
        let formula: Int64
        var capped: Int64
        if rule.isTopUp {
            formula = max(0, Rate(ppm: rule.rate).apply(to: Money(fen: baseAmount)).fen &- paid)
            capped = formula
        } else {
            var rest = baseAmount
            if rule.feeInFull {
                feePaid = min(fee, rest)
                rest &-= feePaid
            }
            deductibleUsed = min(rest, deductibleLeft)
            // `rest − deductibleUsed` ≥ 0, so the formula is never negative.
            formula = Rate(ppm: rule.rate).apply(to: Money(fen: rest &- deductibleUsed)).fen
            if rule.floor != 0 { floorAmount = Rate(ppm: rule.floor).apply(to: Money(fen: baseAmount)).fen }
            capped = max(formula, floorAmount)
        }
        capped = min(capped, capLeft)
        let payment = min(capped &+ feePaid, unpaid)
        return Outcome(payment: payment, baseAmount: baseAmount, feePaid: feePaid, deductibleUsed: deductibleUsed,
                       formula: formula, floorAmount: floorAmount)
    }

    /// What a tier's income-line guarantee pays on top: the part of `unpaid` that would take
    /// the person's counted out-of-pocket (`countedSoFar`) above `line`.
    @inlinable @inline(__always)
    static func guarantee(unpaid: Int64, countedSoFar: Int64, line: Int64) -> Int64 {
        min(unpaid, max(0, countedSoFar &+ unpaid &- line))
    }
}

extension CompiledRule {
    /// The rule's arithmetic at facility level `level` (see ``TierStep/pay(_:total:policyRange:fee:paid:unpaid:deductibleLeft:capLeft:)``).
    @inlinable @inline(__always)
    func step(level: Int) -> TierStep.Rule {
        TierStep.Rule(isTopUp: isTopUp, feeInFull: feeInFull, base: base, rate: rate[level], floor: floor?.ppm ?? 0)
    }
}
