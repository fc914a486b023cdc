import PolicyCatalog

/// A rule compiled for the hot path: masks instead of sets, slots instead of names.
@usableFromInline
struct CompiledRule: Sendable {
    @usableFromInline var filter: CompiledFilter
    @usableFromInline var isTopUp: Bool
    @usableFromInline var base: PaymentBase
    /// Ratio (coinsurance) or target (top-up) by level, in ppm.
    @usableFromInline var rate: SIMD4<Int64>
    /// 0 none, 1 per claim, 2 annual.
    @usableFromInline var deductibleKind: UInt8
    @usableFromInline var perClaimDeductible: SIMD4<Int64>
    @usableFromInline var deductibleSlot: Int
    @usableFromInline var deductibleAmount: Int64
    @usableFromInline var feeInFull: Bool
    /// Floor in ppm, or -1 for none.
    @usableFromInline var floor: Int64
    /// Cap slot, or -1 for none.
    @usableFromInline var capSlot: Int
    @usableFromInline var capAmount: Int64
}

/// A tier compiled for the hot path.
@usableFromInline
struct CompiledTier: Sendable {
    @usableFromInline var rules: Range<Int>
    @usableFromInline var hasLimit: Bool
    @usableFromInline var limitFilter: CompiledFilter
    @usableFromInline var limitLine: Int64
    @usableFromInline var limitSlot: Int
}

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
    /// Accumulator slot of the first income-line guarantee, or -1.
    @usableFromInline let firstLimitSlot: Int
    /// The year's line of the first income-line guarantee, if the plan has one.
    public let incomeLine: Money?

    /// Compiles a plan for a year; throws when the plan names an unknown cap,
    /// deductible or disease list, has a ratio outside [0, 1], or lacks the year's
    /// income line.
    public init(plan: SettlementPlan, year: Int, catalog: DiseaseCatalog = .standard) throws(PlanError) {
        self.plan = plan
        self.year = year
        self.catalog = catalog

        // Disease lists: built-in ones first, then the scenario's, one bit each.
        var listBits: [String: UInt64] = [:]
        for (i, entry) in DiseaseListSet.named.enumerated() { listBits[entry.name] = 1 << UInt64(i) }
        var masks = catalog.diseases.map { disease -> UInt64 in
            var m: UInt64 = 0
            for (i, entry) in DiseaseListSet.named.enumerated() where disease.lists.contains(entry.list) { m |= 1 << UInt64(i) }
            return m
        }
        var nextBit = DiseaseListSet.named.count
        for name in plan.diseaseLists.keys.sorted() {
            let path = "disease_lists.\(name)"
            guard listBits[name] == nil else { throw PlanError(path: path, message: "redefines a built-in disease list") }
            guard nextBit < 64 else { throw PlanError(path: path, message: "too many disease lists (at most \(64 - DiseaseListSet.named.count) of the scenario's own)") }
            let bit: UInt64 = 1 << UInt64(nextBit)
            nextBit += 1
            listBits[name] = bit
            for code in plan.diseaseLists[name]! {
                guard let index = catalog.index(of: code) else {
                    throw PlanError(path: path, message: "unknown disease code '\(code)'; expected a code of the catalog (`fundsim diseases`)")
                }
                masks[index] |= bit
            }
        }
        diseaseMasks = masks

        var slots = 0
        var compiledRules: [CompiledRule] = []
        var compiledTiers: [CompiledTier] = []
        var tierIDs = Set<String>()
        for tier in plan.tiers {
            let tierPath = "tiers[\(tier.id)]"
            guard tierIDs.insert(tier.id).inserted else { throw PlanError(path: tierPath, message: "duplicate tier id") }
            var capSlots: [String: (slot: Int, amount: Int64)] = [:]
            for (name, amount) in tier.annualCaps.sorted(by: { $0.key < $1.key }) {
                guard amount.fen >= 0 else { throw PlanError(path: "\(tierPath).annual_caps.\(name)", message: "negative cap") }
                capSlots[name] = (slots, amount.fen); slots += 1
            }
            var deductibleSlots: [String: (slot: Int, amount: Int64)] = [:]
            for (name, amount) in tier.annualDeductibles.sorted(by: { $0.key < $1.key }) {
                guard amount.fen >= 0 else { throw PlanError(path: "\(tierPath).annual_deductibles.\(name)", message: "negative deductible") }
                deductibleSlots[name] = (slots, amount.fen); slots += 1
            }
            let first = compiledRules.count
            var ruleIDs = Set<String>()
            for rule in tier.rules {
                let path = "\(tierPath).rules[\(rule.id)]"
                guard ruleIDs.insert(rule.id).inserted else { throw PlanError(path: path, message: "duplicate rule id in tier") }
                let filter = try CompiledFilter(rule.filter, listBits: listBits, path: path)
                func checkRate(_ r: Rate, _ field: String) throws(PlanError) {
                    guard r.ppm >= 0 && r.ppm <= 1_000_000 else {
                        throw PlanError(path: "\(path).\(field)", message: "\(r) is outside [0, 1]; expected a ratio between 0 and 1")
                    }
                }
                func cap(_ name: String?) throws(PlanError) -> (Int, Int64) {
                    guard let name else { return (-1, 0) }
                    guard let c = capSlots[name] else {
                        throw PlanError(path: "\(path).cap", message: "unknown cap '\(name)'; the tier's annual_caps are: \(capSlots.keys.sorted().joined(separator: ", "))")
                    }
                    return (c.slot, c.amount)
                }
                switch rule.formula {
                case .coinsurance(let c):
                    for level in FacilityLevel.allCases { try checkRate(c.ratio[level], "ratio.\(level.fileName)") }
                    if let f = c.floor { try checkRate(f, "floor") }
                    var kind: UInt8 = 0
                    var perClaim = SIMD4<Int64>(repeating: 0)
                    var dSlot = -1
                    var dAmount: Int64 = 0
                    switch c.deductible {
                    case .none: break
                    case .perClaim(let table):
                        kind = 1
                        for level in FacilityLevel.allCases {
                            guard table[level].fen >= 0 else { throw PlanError(path: "\(path).deductible.\(level.fileName)", message: "negative deductible") }
                            perClaim[level.rawValue] = table[level].fen
                        }
                    case .annual(let name):
                        guard let d = deductibleSlots[name] else {
                            throw PlanError(path: "\(path).deductible", message: "unknown annual deductible '\(name)'; the tier's annual_deductibles are: \(deductibleSlots.keys.sorted().joined(separator: ", "))")
                        }
                        kind = 2; dSlot = d.slot; dAmount = d.amount
                    }
                    let (capSlot, capAmount) = try cap(c.cap)
                    compiledRules.append(CompiledRule(
                        filter: filter, isTopUp: false, base: c.base,
                        rate: SIMD4(c.ratio.township.ppm, c.ratio.county.ppm, c.ratio.prefecture.ppm, c.ratio.provincial.ppm),
                        deductibleKind: kind, perClaimDeductible: perClaim, deductibleSlot: dSlot, deductibleAmount: dAmount,
                        feeInFull: c.consultationFeeInFull, floor: c.floor?.ppm ?? -1, capSlot: capSlot, capAmount: capAmount))
                case .topUp(let t):
                    try checkRate(t.target, "target")
                    guard t.base == .policyRange || t.base == .totalCost else {
                        throw PlanError(path: "\(path).base", message: "a top-up's base must be policy_range or total_cost")
                    }
                    let (capSlot, capAmount) = try cap(t.cap)
                    compiledRules.append(CompiledRule(
                        filter: filter, isTopUp: true, base: t.base, rate: SIMD4(repeating: t.target.ppm),
                        deductibleKind: 0, perClaimDeductible: .zero, deductibleSlot: -1, deductibleAmount: 0,
                        feeInFull: false, floor: -1, capSlot: capSlot, capAmount: capAmount))
                }
            }
            var compiled = CompiledTier(rules: first..<compiledRules.count, hasLimit: false,
                                        limitFilter: try CompiledFilter(.any, listBits: listBits, path: tierPath),
                                        limitLine: 0, limitSlot: -1)
            if let limit = tier.outOfPocketLimit {
                let path = "\(tierPath).out_of_pocket_limit"
                guard let line = limit.line[year] else {
                    throw PlanError(path: "\(path).line", message: "no line for year \(year); the line is given for \(limit.line.keys.sorted().map(String.init).joined(separator: ", "))")
                }
                guard line.fen >= 0 else { throw PlanError(path: "\(path).line", message: "negative line") }
                compiled.hasLimit = true
                compiled.limitFilter = try CompiledFilter(limit.filter, listBits: listBits, path: path)
                compiled.limitLine = line.fen
                compiled.limitSlot = slots; slots += 1
            }
            compiledTiers.append(compiled)
        }
        rules = compiledRules
        tiers = compiledTiers
        slotCount = slots
        let firstLimit = compiledTiers.first(where: \.hasLimit)
        firstLimitSlot = firstLimit?.limitSlot ?? -1
        incomeLine = firstLimit.map { Money(fen: $0.limitLine) }
    }

    /// The person's out-of-pocket so far on the claims the first income-line
    /// guarantee counts (never above ``incomeLine``), or `nil` without a guarantee.
    @inlinable public func countedOutOfPocket(_ state: PersonYearState) -> Money? {
        firstLimitSlot >= 0 ? Money(fen: state.slots[firstLimitSlot]) : nil
    }

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
        let key = ClaimKey(claim, diseaseMasks: diseaseMasks)
        let total = claim.totalCost.fen
        let policyRange = claim.policyRangeCost.fen
        let fee = min(claim.consultationFee.fen, policyRange)
        let levelIndex = claim.level.rawValue
        var unpaid = total
        var paid: Int64 = 0
        for t in 0..<tiers.count {
            let tier = tiers[t]
            var payment: Int64 = 0
            var r = tier.rules.lowerBound
            while r < tier.rules.upperBound && !rules[r].filter.matches(key) { r &+= 1 }
            if r < tier.rules.upperBound {
                let rule = rules[r]
                let rate = rule.rate[levelIndex]
                var baseAmount: Int64
                switch rule.base {
                case .policyRange: baseAmount = policyRange
                case .totalCost: baseAmount = total
                case .policyRangeRemaining: baseAmount = max(0, policyRange &- paid)
                case .unpaid: baseAmount = unpaid
                }
                var feePaid: Int64 = 0
                var deductibleUsed: Int64 = 0
                var deductibleLeft: Int64 = -1
                var formula: Int64
                var floorAmount: Int64 = -1
                if rule.isTopUp {
                    formula = max(0, Rate(ppm: rate).apply(to: Money(fen: baseAmount)).fen &- paid)
                } else {
                    var rest = baseAmount
                    if rule.feeInFull {
                        feePaid = min(fee, rest)
                        rest &-= feePaid
                    }
                    switch rule.deductibleKind {
                    case 1:
                        deductibleUsed = min(rest, rule.perClaimDeductible[levelIndex])
                    case 2:
                        deductibleLeft = rule.deductibleAmount &- state.slots[rule.deductibleSlot]
                        deductibleUsed = min(rest, max(0, deductibleLeft))
                        state.slots[rule.deductibleSlot] &+= deductibleUsed
                    default: break
                    }
                    formula = Rate(ppm: rate).apply(to: Money(fen: rest &- deductibleUsed)).fen
                    if rule.floor >= 0 {
                        floorAmount = Rate(ppm: rule.floor).apply(to: Money(fen: baseAmount)).fen
                    }
                }
                var capped = max(formula, floorAmount)
                var capLeft: Int64 = -1
                if rule.capSlot >= 0 {
                    capLeft = max(0, rule.capAmount &- state.slots[rule.capSlot])
                    capped = min(capped, capLeft)
                }
                payment = min(capped &+ feePaid, unpaid)
                if rule.capSlot >= 0 {
                    // The cap counts what the formula paid; a fee paid in full stays outside it.
                    state.slots[rule.capSlot] &+= max(0, payment &- feePaid)
                }
                tracer.record(.rule(RuleTrace(
                    tier: t, ruleID: plan.tiers[t].rules[r &- tier.rules.lowerBound].id, base: rule.base,
                    baseAmount: Money(fen: baseAmount), feeInFull: Money(fen: feePaid), deductibleUsed: Money(fen: deductibleUsed),
                    annualDeductibleLeft: deductibleLeft >= 0 ? Money(fen: deductibleLeft) : nil,
                    rate: Rate(ppm: rate), isTopUp: rule.isTopUp, paidBefore: Money(fen: paid),
                    formulaAmount: Money(fen: formula), floorAmount: floorAmount >= 0 ? Money(fen: floorAmount) : nil,
                    capLeft: capLeft >= 0 ? Money(fen: capLeft) : nil, unpaidBefore: Money(fen: unpaid), payment: Money(fen: payment))))
                unpaid &-= payment
                paid &+= payment
            } else if !tier.rules.isEmpty {
                tracer.record(.noRule(tier: t))
            }
            if tier.hasLimit && tier.limitFilter.matches(key) {
                let sofar = state.slots[tier.limitSlot]
                let extra = min(unpaid, max(0, sofar &+ unpaid &- tier.limitLine))
                tracer.record(.limit(LimitTrace(tier: t, line: Money(fen: tier.limitLine), outOfPocketBefore: Money(fen: sofar),
                                                 unpaidBefore: Money(fen: unpaid), payment: Money(fen: extra))))
                unpaid &-= extra
                paid &+= extra
                payment &+= extra
                state.slots[tier.limitSlot] = sofar &+ unpaid
            }
            breakdown.payments[t] = Money(fen: payment)
        }
        breakdown.outOfPocket = Money(fen: unpaid)
    }
}
