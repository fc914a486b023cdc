/// The settlement of a person-year's **first** claim of one fixed kind (setting,
/// level, county, compliance, disease, poverty status, welfare category), resolved
/// once per (plan, year) instead of per claim: which rule of each tier applies and
/// whether the income-line guarantee counts the claim are decided here, and every
/// accumulator of a fresh person-year is zero, so settling is the cascade's
/// arithmetic on three amounts alone (total, policy range, consultation fee).
///
/// Why: in a Monte Carlo person loop most person-years have one claim, the year's
/// general outpatient visits, and nothing else. Settling it this way gives exactly
/// the payments of ``SettlementEngine/settle(_:state:into:)`` on a fresh
/// ``PersonYearState`` (tests check it for random plans and claims) without matching
/// every rule's filter.
public struct FirstClaimSettler: Sendable {
    /// One tier's part, reduced to plain numbers on a fresh person-year (every accumulator
    /// zero): a deductible's left-over is its amount, a cap's left-over its amount. Absent
    /// parts take the value that changes nothing: no deductible 0, no cap and no guarantee
    /// `Int64.max`. The arithmetic is ``TierStep``'s, the engine's own.
    @usableFromInline
    struct Step: Sendable {
        /// The tier's rule at the claim's level, when one applies to the claim.
        @usableFromInline var rule: TierStep.Rule?
        /// The deductible the claim meets (per claim at its level, or the whole annual one), fen.
        @usableFromInline var deductible: Int64
        /// The annual cap, fen.
        @usableFromInline var cap: Int64
        /// The income line of the tier's guarantee if it counts the claim, fen.
        @usableFromInline var line: Int64
        /// The person-year accumulators the claim moves (`nil`: none): the rule's annual
        /// deductible, its cap, and the guarantee's counted out-of-pocket.
        @usableFromInline var deductibleSlot: Int?
        @usableFromInline var capSlot: Int?
        @usableFromInline var lineSlot: Int?
    }

    @usableFromInline let steps: [Step]
    /// Index of the tier holding the first income-line guarantee, when the guarantee counts the claim.
    @usableFromInline let countedTier: Int?
    /// Whether the plan has an income-line guarantee at all.
    public let hasIncomeLine: Bool

    /// Resolves the settlement of a first claim with `template`'s attributes (its amounts are ignored).
    public init(engine: SettlementEngine, template: Claim) {
        let key = ClaimKey(template, diseaseMasks: engine.diseaseMasks)
        let level = template.level.rawValue
        var steps: [Step] = []
        var counted: Int?
        for (t, tier) in engine.tiers.enumerated() {
            var step = Step(rule: nil, deductible: 0, cap: .max, line: .max, deductibleSlot: nil, capSlot: nil, lineSlot: nil)
            if let rule = tier.rules.first(where: { engine.rules[$0].filter.matches(key) }).map({ engine.rules[$0] }) {
                step.rule = rule.step(level: level)
                switch rule.deductible {
                case .none: step.deductible = 0
                case .perClaim(let table): step.deductible = table[level]
                case .annual(let annual):
                    step.deductible = max(0, annual.amount)
                    step.deductibleSlot = annual.slot
                }
                step.cap = rule.cap.map { max(0, $0.amount) } ?? .max
                step.capSlot = rule.cap?.slot
            }
            if let limit = tier.limit, limit.filter.matches(key) {
                step.line = limit.line
                step.lineSlot = limit.slot
                if engine.incomeLineSlot == limit.slot { counted = t }
            }
            steps.append(step)
        }
        self.steps = steps
        countedTier = counted
        hasIncomeLine = engine.incomeLineSlot != nil
    }

    /// Number of tiers.
    @inlinable public var tierCount: Int { steps.count }

    /// Settles the first claim of a fresh person-year with these amounts (fen; the fee
    /// is the claim's consultation fee): **adds** each tier's payment to `payments[t]`
    /// (``tierCount`` values, e.g. a ledger row's tier items) and returns the out-of-pocket and the person-year's counted
    /// out-of-pocket afterwards (``SettlementEngine/countedOutOfPocket(_:)``: 0 when the
    /// guarantee does not count the claim, `nil` without a guarantee).
    @inlinable @inline(__always)
    public func settle(total: Int64, policyRange: Int64, consultationFee: Int64,
                       addingPaymentsTo payments: UnsafeMutablePointer<Int64>) -> (outOfPocket: Int64, counted: Int64?) {
        settle(total: total, policyRange: policyRange, consultationFee: consultationFee, addingPaymentsTo: payments,
               accumulators: nil)
    }

    /// Settles the first claim of the person-year whose accumulators are `state`, which must
    /// be fresh (``PersonYearState/reset()``, all zero), as ``settle(total:policyRange:consultationFee:addingPaymentsTo:)``
    /// does, and leaves `state` exactly where ``SettlementEngine/settle(_:state:into:)`` would,
    /// so that the person-year's further claims go through the engine. Returns the out-of-pocket.
    @inlinable @inline(__always)
    public func settle(total: Int64, policyRange: Int64, consultationFee: Int64,
                       addingPaymentsTo payments: UnsafeMutablePointer<Int64>, state: inout PersonYearState) -> Int64 {
        state.slots.withUnsafeMutableBufferPointer { slots in
            settle(total: total, policyRange: policyRange, consultationFee: consultationFee, addingPaymentsTo: payments,
                   accumulators: slots.baseAddress).outOfPocket
        }
    }

    /// Settles the first claim of the person-year whose accumulators are the
    /// ``SettlementEngine/accumulatorCount`` values at `accumulators`, which must all be zero,
    /// as ``settle(total:policyRange:consultationFee:addingPaymentsTo:state:)`` does with a
    /// ``PersonYearState`` holding them, and leaves them exactly where
    /// ``SettlementEngine/settle(_:accumulators:addingPaymentsTo:)`` would. Returns the out-of-pocket.
    /// For callers keeping the accumulators in their own storage (no array uniqueness check).
    @inlinable @inline(__always)
    public func settle(total: Int64, policyRange: Int64, consultationFee: Int64,
                       addingPaymentsTo payments: UnsafeMutablePointer<Int64>,
                       freshAccumulators accumulators: UnsafeMutablePointer<Int64>) -> Int64 {
        settle(total: total, policyRange: policyRange, consultationFee: consultationFee, addingPaymentsTo: payments,
               accumulators: Optional(accumulators)).outOfPocket
    }

    /// The cascade on a fresh person-year; with `accumulators`, also what the claim adds to them.
    @inlinable @inline(__always)
    func settle(total: Int64, policyRange: Int64, consultationFee: Int64, addingPaymentsTo payments: UnsafeMutablePointer<Int64>,
                accumulators: UnsafeMutablePointer<Int64>?) -> (outOfPocket: Int64, counted: Int64?) {
        let fee = min(consultationFee, policyRange)
        var unpaid = total
        var paid: Int64 = 0
        var counted: Int64 = 0
        steps.withUnsafeBufferPointer { steps in
            for t in 0..<steps.count {
                var payment: Int64 = 0
                if let rule = steps[t].rule {
                    let outcome = TierStep.pay(rule, total: total, policyRange: policyRange, fee: fee, paid: paid, unpaid: unpaid,
                                               deductibleLeft: steps[t].deductible, capLeft: steps[t].cap)
                    payment = outcome.payment
                    unpaid &-= payment
                    paid &+= payment
                    if let accumulators {
                        // As the engine books them: the deductible used, and the formula's part against the cap.
                        if let slot = steps[t].deductibleSlot { accumulators[slot] &+= outcome.deductibleUsed }
                        if let slot = steps[t].capSlot { accumulators[slot] &+= max(0, payment &- outcome.feePaid) }
                    }
                }
                // Without a guarantee that counts the claim (line Int64.max) the extra is 0.
                let extra = TierStep.guarantee(unpaid: unpaid, countedSoFar: 0, line: steps[t].line)
                unpaid &-= extra
                paid &+= extra
                payment &+= extra
                if t == countedTier { counted = unpaid }
                if let accumulators, let slot = steps[t].lineSlot { accumulators[slot] &+= unpaid }
                payments[t] &+= payment
            }
        }
        return (unpaid, hasIncomeLine ? counted : nil)
    }
}
