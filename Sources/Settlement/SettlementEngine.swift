import PolicyCatalog

/// Settles claims of person-years against a ``SettlementPlan`` for one year: the
/// one-stop settlement cascade of POLICY.md sections 4 and 8. Pure: no I/O, no
/// randomness; the same claims in the same order give the same breakdowns.
///
/// Invariants, for every claim: each tier pays at least zero and at most what is
/// still unpaid; no annual cap is exceeded; the payments plus the out-of-pocket
/// equal the total cost exactly (integer fen).
public struct SettlementEngine: Sendable {
    /// The plan this engine was compiled from.
    public let plan: SettlementPlan
    /// The year whose parameters (income line) apply.
    public let year: Int
    /// The disease catalog claims' disease indices refer to.
    public let catalog: DiseaseCatalog
    @usableFromInline let rules: [CompiledRule]
    @usableFromInline let tiers: [CompiledTier]
    @usableFromInline let diseaseMasks: [UInt64]
    @usableFromInline let slotCount: Int
    /// The rule of each tier and the guarantees that count, by claim class.
    @usableFromInline let ruleTable: RuleTable
    /// Every rule at every facility level, at `rule × 4 + level` (``ResolvedRule/table(_:)``).
    @usableFromInline let resolvedRules: [ResolvedRule]
    /// Accumulator slot of the first income-line guarantee, if the plan has one.
    @usableFromInline let incomeLineSlot: Int?
    /// The year's line of the first income-line guarantee, if the plan has one.
    public let incomeLine: Money?

    /// Compiles a plan for a year; throws when the plan names an unknown cap,
    /// deductible or disease list, has a ratio outside [0, 1], or lacks the year's
    /// income line.
    public init(plan: SettlementPlan, year: Int, catalog: DiseaseCatalog = .standard) throws(PlanError) {
        self.plan = plan
        self.year = year
        self.catalog = catalog
        let compiled = try CompiledPlan(plan: plan, year: year, catalog: catalog)
        rules = compiled.rules
        tiers = compiled.tiers
        diseaseMasks = compiled.diseaseMasks
        slotCount = compiled.slotCount
        ruleTable = RuleTable(plan: compiled)
        resolvedRules = ResolvedRule.table(compiled.rules)
        let firstLimit = compiled.tiers.lazy.compactMap(\.limit).first
        incomeLineSlot = firstLimit?.slot
        incomeLine = firstLimit.map { Money(fen: $0.line) }
    }

    /// The person's out-of-pocket so far on the claims the first income-line
    /// guarantee counts (never above ``incomeLine``), or `nil` without a guarantee.
    @inlinable public func countedOutOfPocket(_ state: PersonYearState) -> Money? {
        incomeLineSlot.map { Money(fen: state.slots[$0]) }
    }

    /// The person's out-of-pocket so far on the claims the first income-line guarantee
    /// counts, read from accumulators kept in flat storage (``accumulatorCount`` values,
    /// see ``settle(_:accumulators:addingPaymentsTo:)``), or `nil` without a guarantee.
    @inlinable public func countedOutOfPocket(accumulators: UnsafePointer<Int64>) -> Money? {
        incomeLineSlot.map { Money(fen: accumulators[$0]) }
    }

    /// Number of a person-year's accumulators (fen values): the length of the flat storage
    /// that ``settle(_:accumulators:addingPaymentsTo:)`` reads and moves, the same as a
    /// ``PersonYearState``'s ``PersonYearState/slotCount``.
    @inlinable public var accumulatorCount: Int { slotCount }

    /// Number of tiers, the length of a breakdown's payments.
    @inlinable public var tierCount: Int { tiers.count }

    /// A fresh person-year: every accumulator at zero.
    @inlinable public func newPersonYear() -> PersonYearState { PersonYearState(slotCount: slotCount) }

    /// Settles one claim of the person-year whose accumulators are `state`,
    /// writing each tier's payment into `breakdown` and returning nothing else.
    @inlinable
    public func settle(_ claim: Claim, state: inout PersonYearState, into breakdown: inout ClaimBreakdown) {
        var tracer = NoTrace()
        settle(claim, state: &state, into: &breakdown, tracer: &tracer)
    }

    /// Settles one claim and returns its breakdown (convenient, allocates).
    @inlinable
    public func settle(_ claim: Claim, state: inout PersonYearState) -> ClaimBreakdown {
        var breakdown = ClaimBreakdown(tierCount: tierCount)
        settle(claim, state: &state, into: &breakdown)
        return breakdown
    }

    /// Settles one claim, reporting every step to `tracer` (see ``TraceRecorder``).
    @inlinable
    public func settle<Tracer: SettlementTracer>(_ claim: Claim, state: inout PersonYearState,
                                                into breakdown: inout ClaimBreakdown, tracer: inout Tracer) {
        precondition(breakdown.payments.count == tiers.count, "breakdown made for another plan")
        let outOfPocket = state.slots.withUnsafeMutableBufferPointer { slots in
            breakdown.payments.withUnsafeMutableBufferPointer { payments in
                cascade(claim, slots: slots, tracer: &tracer) { t, payment in payments[t] = Money(fen: payment) }
            }
        }
        breakdown.outOfPocket = Money(fen: outOfPocket)
    }

    /// Settles one claim of the person-year whose accumulators are `state` as
    /// ``settle(_:state:into:)`` does, but **adds** each tier's payment to `payments[t]`
    /// (``tierCount`` values, e.g. a ledger row's tier items) instead of writing a
    /// breakdown, and returns the out-of-pocket (fen). For callers that book the
    /// payments anyway: no breakdown to fill and copy per claim.
    @inlinable
    public func settle(_ claim: Claim, state: inout PersonYearState, addingPaymentsTo payments: UnsafeMutablePointer<Int64>) -> Int64 {
        var tracer = NoTrace()
        return state.slots.withUnsafeMutableBufferPointer { slots in
            cascade(claim, slots: slots, tracer: &tracer) { t, payment in payments[t] &+= payment }
        }
    }

    /// Settles one claim of the person-year whose accumulators are the ``accumulatorCount``
    /// values at `accumulators` (all zero for a fresh person-year), exactly as
    /// ``settle(_:state:addingPaymentsTo:)`` does with a ``PersonYearState`` holding the same
    /// values: **adds** each tier's payment to `payments[t]`, moves the accumulators, returns
    /// the out-of-pocket (fen).
    ///
    /// Why: a caller that settles many claims with one set of accumulators (the Monte Carlo
    /// person loop) keeps them in its own storage and writes through a pointer, without the
    /// array uniqueness check that every update of a ``PersonYearState`` costs.
    @inlinable
    public func settle(_ claim: Claim, accumulators: UnsafeMutablePointer<Int64>,
                       addingPaymentsTo payments: UnsafeMutablePointer<Int64>) -> Int64 {
        var tracer = NoTrace()
        return cascade(claim, slots: UnsafeMutableBufferPointer(start: accumulators, count: slotCount), tracer: &tracer) { t, payment in
            payments[t] &+= payment
        }
    }

    /// The cascade of one claim over the tiers: each tier's rule (from the rule table and
    /// the rules resolved per level) and income-line guarantee, the accumulators in
    /// `slots` (the person-year's) read and moved, each tier's payment handed to `pay`.
    /// Returns the out-of-pocket, fen.
    @inlinable @inline(__always)
    func cascade<Tracer: SettlementTracer>(_ claim: Claim, slots: UnsafeMutableBufferPointer<Int64>, tracer: inout Tracer,
                                           pay: (Int, Int64) -> Void) -> Int64 {
        let row = ruleTable.row(of: claim)
        let total = claim.totalCost.fen
        let policyRange = claim.policyRangeCost.fen
        let fee = min(claim.consultationFee.fen, policyRange)
        let level = claim.level.rawValue
        var unpaid = total
        var paid: Int64 = 0
        tiers.withUnsafeBufferPointer { tiers in
            resolvedRules.withUnsafeBufferPointer { resolved in
                ruleTable.firstMatch.withUnsafeBufferPointer { firstMatch in
                    ruleTable.guaranteeCounts.withUnsafeBufferPointer { guaranteeCounts in
                        for t in 0..<tiers.count {
                            var payment: Int64 = 0
                            let r = Int(firstMatch[row &+ t])
                            if r < tiers[t].rules.upperBound {
                                let rule = resolved[r &* 4 &+ level]
                                var deductibleLeft = rule.perClaimDeductible
                                var annualLeft: Int64? = nil
                                if let annual = rule.annualDeductible {
                                    let left = annual.amount &- slots[annual.slot]
                                    annualLeft = left
                                    deductibleLeft = max(0, left)
                                }
                                var capLeft = Int64.max
                                if let cap = rule.cap { capLeft = max(0, cap.amount &- slots[cap.slot]) }
                                let outcome = TierStep.pay(rule.step, total: total, policyRange: policyRange, fee: fee, paid: paid,
                                                           unpaid: unpaid, deductibleLeft: deductibleLeft, capLeft: capLeft)
                                payment = outcome.payment
                                if let annual = rule.annualDeductible { slots[annual.slot] &+= outcome.deductibleUsed }
                                if let cap = rule.cap {
                                    // The cap counts what the formula paid; a fee paid in full stays outside it.
                                    slots[cap.slot] &+= max(0, payment &- outcome.feePaid)
                                }
                                tracer.record(.rule(RuleTrace(
                                    tier: t, ruleID: plan.tiers[t].rules[r &- tiers[t].rules.lowerBound].id, base: rule.step.base,
                                    baseAmount: Money(fen: outcome.baseAmount), feeInFull: Money(fen: outcome.feePaid),
                                    deductibleUsed: Money(fen: outcome.deductibleUsed),
                                    annualDeductibleLeft: annualLeft.map { Money(fen: $0) },
                                    rate: Rate(ppm: rule.step.rate), isTopUp: rule.step.isTopUp, paidBefore: Money(fen: paid),
                                    formulaAmount: Money(fen: outcome.formula),
                                    floorAmount: rules[r].floor.map { _ in Money(fen: outcome.floorAmount) },
                                    capLeft: rule.cap.map { _ in Money(fen: capLeft) }, unpaidBefore: Money(fen: unpaid),
                                    payment: Money(fen: payment))))
                                unpaid &-= payment
                                paid &+= payment
                            } else if !tiers[t].rules.isEmpty {
                                tracer.record(.noRule(tier: t))
                            }
                            if guaranteeCounts[row &+ t], let limit = tiers[t].limit {
                                let sofar = slots[limit.slot]
                                let extra = TierStep.guarantee(unpaid: unpaid, countedSoFar: sofar, line: limit.line)
                                tracer.record(.limit(LimitTrace(tier: t, line: Money(fen: limit.line), outOfPocketBefore: Money(fen: sofar),
                                                                 unpaidBefore: Money(fen: unpaid), payment: Money(fen: extra))))
                                unpaid &-= extra
                                paid &+= extra
                                payment &+= extra
                                slots[limit.slot] = sofar &+ unpaid
                            }
                            pay(t, payment)
                        }
                    }
                }
            }
        }
        return unpaid
    }
}
