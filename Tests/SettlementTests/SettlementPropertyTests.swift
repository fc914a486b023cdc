import PolicyCatalog
import PropertyBased
import Settlement
import Testing

/// Invariants of POLICY.md section 4 that must hold for every plan and every
/// person-year, not just the hand-worked cases: checked over random claims for
/// the Yunnan plan and each variant scenario.
@Suite struct SettlementPropertyTests {
    /// Settles a person-year with a tracer, returning each claim's breakdown and trace.
    static func settleTraced(_ claims: [Claim], engine: SettlementEngine) -> [(ClaimBreakdown, [TraceEvent])] {
        var state = engine.newPersonYear()
        return claims.map { claim in
            var breakdown = ClaimBreakdown(tierCount: engine.tierCount)
            var recorder = TraceRecorder()
            engine.settle(claim, state: &state, into: &breakdown, tracer: &recorder)
            return (breakdown, recorder.events)
        }
    }

    static func engine(_ scenario: CaseScenarios.Loaded, yearOffset: Int) throws -> SettlementEngine {
        let year = scenario.years.lowerBound + yearOffset % scenario.years.count
        return try SettlementEngine(plan: scenario.plan, year: year)
    }

    /// Each tier pays between zero and what is still unpaid, and the payments plus
    /// the out-of-pocket are the total cost to the fen.
    @Test(arguments: CaseScenarios.propertyPlans)
    func paymentsAddUpAndStayWithinWhatIsUnpaid(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        await propertyCheck(count: 300, input: Generators.personYear) { claims, offset in
            let engine = try Self.engine(scenario, yearOffset: offset)
            var state = engine.newPersonYear()
            for claim in claims {
                let b = engine.settle(claim, state: &state)
                var unpaid = claim.totalCost
                for (t, payment) in b.payments.enumerated() {
                    #expect(payment >= .zero, "tier \(scenario.plan.tiers[t].id) pays \(payment) on \(claim)")
                    #expect(payment <= unpaid, "tier \(scenario.plan.tiers[t].id) pays \(payment) with \(unpaid) unpaid on \(claim)")
                    unpaid = unpaid - payment
                }
                #expect(b.outOfPocket == unpaid)
                #expect(b.total == claim.totalCost, "\(b.payments) + \(b.outOfPocket) ≠ \(claim.totalCost)")
            }
        }
    }

    /// Over a person-year, what the rules paying against an annual cap paid (the
    /// consultation fee paid in full is outside the cap) never exceeds the cap,
    /// and no annual deductible is consumed beyond its amount. Summed from the
    /// trace and the plan, not from the engine's accumulators.
    @Test(arguments: CaseScenarios.propertyPlans)
    func annualCapsAndDeductiblesAreNeverExceeded(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        let plan = scenario.plan
        await propertyCheck(count: 300, input: Generators.personYear) { claims, offset in
            let engine = try Self.engine(scenario, yearOffset: offset)
            var capUsed: [String: Money] = [:]
            var deductibleUsed: [String: Money] = [:]
            for (_, events) in Self.settleTraced(claims, engine: engine) {
                for case .rule(let r) in events {
                    let tier = plan.tiers[r.tier]
                    let rule = tier.rules.first { $0.id == r.ruleID }!
                    switch rule.formula {
                    case .coinsurance(let c):
                        if let cap = c.cap { capUsed["\(tier.id).\(cap)", default: .zero] += max(.zero, r.payment - r.feeInFull) }
                        if case .annual(let d) = c.deductible { deductibleUsed["\(tier.id).\(d)", default: .zero] += r.deductibleUsed }
                    case .topUp(let t):
                        if let cap = t.cap { capUsed["\(tier.id).\(cap)", default: .zero] += r.payment }
                    }
                }
            }
            for tier in plan.tiers {
                for (name, cap) in tier.annualCaps {
                    let used = capUsed["\(tier.id).\(name)", default: .zero]
                    #expect(used <= cap, "\(tier.id) cap \(name): paid \(used) > \(cap)")
                }
                for (name, amount) in tier.annualDeductibles {
                    let used = deductibleUsed["\(tier.id).\(name)", default: .zero]
                    #expect(used <= amount, "\(tier.id) deductible \(name): consumed \(used) > \(amount)")
                }
            }
        }
    }

    /// The income-line guarantee: a person-year's out-of-pocket summed over the
    /// claims the guarantee counts (by default compliant inpatient, major disease
    /// and chronic outpatient) never exceeds that year's line.
    @Test(arguments: CaseScenarios.incomeLinePlans)
    func countedOutOfPocketNeverExceedsTheIncomeLine(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        let limits = scenario.plan.tiers.compactMap(\.outOfPocketLimit)
        try #require(!limits.isEmpty, "plan \(name) has no income-line guarantee")
        await propertyCheck(count: 300, input: Generators.personYear) { claims, offset in
            let engine = try Self.engine(scenario, yearOffset: offset)
            var state = engine.newPersonYear()
            let results = claims.map { engine.settle($0, state: &state) }
            for limit in limits {
                let line = limit.line[engine.year]!
                var counted = Money.zero
                for (claim, b) in zip(claims, results) where filterMatches(limit.filter, claim, plan: scenario.plan) {
                    counted += b.outOfPocket
                }
                #expect(counted <= line, "counted out-of-pocket \(counted) above the \(engine.year) line \(line)")
            }
        }
    }

    /// Raising one rule's ratio (or top-up target) never lowers what its tier
    /// pays on a single claim: a higher ratio cannot make a payer pay less.
    @Test(arguments: CaseScenarios.propertyPlans)
    func raisingARatioNeverLowersTheTiersPayment(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        let ruleCount = scenario.plan.tiers.reduce(0) { $0 + $1.rules.count }
        await propertyCheck(count: 300, input: Generators.claim, Gen.int(in: 0...(ruleCount - 1)), Gen.int64(in: 1...500_000), Gen.int(in: 0...3)) {
            claim, ruleIndex, raise, offset in
            var raised = scenario.plan
            var index = ruleIndex
            var tierIndex = 0
            while index >= raised.tiers[tierIndex].rules.count { index -= raised.tiers[tierIndex].rules.count; tierIndex += 1 }
            func up(_ r: Rate) -> Rate { Rate(ppm: min(1_000_000, r.ppm + raise)) }
            switch raised.tiers[tierIndex].rules[index].formula {
            case .coinsurance(var c):
                for level in FacilityLevel.allCases { c.ratio[level] = up(c.ratio[level]) }
                raised.tiers[tierIndex].rules[index].formula = .coinsurance(c)
            case .topUp(var t):
                t.target = up(t.target)
                raised.tiers[tierIndex].rules[index].formula = .topUp(t)
            }
            let year = scenario.years.lowerBound + offset % scenario.years.count
            let base = try SettlementEngine(plan: scenario.plan, year: year)
            let higher = try SettlementEngine(plan: raised, year: year)
            var s1 = base.newPersonYear()
            var s2 = higher.newPersonYear()
            let before = base.settle(claim, state: &s1).payments[tierIndex]
            let after = higher.settle(claim, state: &s2).payments[tierIndex]
            #expect(after >= before, "raising \(raised.tiers[tierIndex].id).\(raised.tiers[tierIndex].rules[index].id) by \(raise) ppm lowered the tier from \(before) to \(after) on \(claim)")
        }
    }

    /// Settlement is pure: the same claims settled again, with the same engine or a
    /// new one, give the same breakdowns; and a person's results do not depend on
    /// how other persons' claims are interleaved with theirs.
    @Test(arguments: CaseScenarios.propertyPlans)
    func resultsDependOnlyOnEachPersonsOwnClaimsInOrder(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        await propertyCheck(count: 200, input: Generators.persons, Gen.int(in: 0...3)) { input, offset in
            let (persons, choices) = input
            let engine = try Self.engine(scenario, yearOffset: offset)
            let year = engine.year
            let engines = [year: engine]
            let grouped = persons.enumerated().flatMap { p, claims in claims.map { PersonClaim(person: "p\(p)", year: year, claim: $0) } }
            let first = settleInOrder(grouped, engines: engines)
            let again = settleInOrder(grouped, engines: [year: try SettlementEngine(plan: scenario.plan, year: year)])
            #expect(first == again, "settling the same claims twice gave different results")

            var expected: [String: [ClaimBreakdown]] = [:]
            for (item, b) in zip(grouped, first) { expected[item.person, default: []].append(b) }
            let mixed = interleave(persons, choices: choices).map { PersonClaim(person: "p\($0.person)", year: year, claim: $0.claim) }
            var actual: [String: [ClaimBreakdown]] = [:]
            for (item, b) in zip(mixed, settleInOrder(mixed, engines: engines)) { actual[item.person, default: []].append(b) }
            #expect(actual == expected, "interleaving persons changed a person's results")
        }
    }
}
