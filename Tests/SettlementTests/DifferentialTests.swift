import PolicyCatalog
import PropertyBased
import Settlement
import SettlementReference
import Testing

/// The engine compiles a plan into flat tables; ``NaiveSettler`` interprets the
/// same plan as written (filters tested by name, accumulators in a dictionary).
/// They must agree to the fen on every claim of every random person-year, for
/// every scenario shipped in `Scenarios/` and the Swift reference plan.
@Suite struct DifferentialTests {
    @Test("engine (each of its entries) and naive interpreter agree claim by claim", arguments: CaseScenarios.propertyPlans)
    func engineAgreesWithTheNaiveInterpreter(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        await propertyCheck(count: 400, input: Generators.personYear) { claims, offset in
            let year = scenario.years.lowerBound + offset % scenario.years.count
            let engine = try SettlementEngine(plan: scenario.plan, year: year)
            let naive = NaiveSettler(plan: scenario.plan, year: year)
            var state = engine.newPersonYear()
            var addingState = engine.newPersonYear()
            var tracedState = engine.newPersonYear()
            var naiveState: [String: Int64] = [:]
            // Payments added into a row that starts non-zero, as a ledger row does.
            var row = (0..<engine.tierCount).map { Int64($0) * 1_000 }
            for (i, claim) in claims.enumerated() {
                let fast = engine.settle(claim, state: &state)
                let slow = naive.settle(claim, state: &naiveState)
                #expect(fast.payments == slow.payments && fast.outOfPocket == slow.outOfPocket,
                        "\(name) \(year) claim \(i) \(claim): engine \(fast.payments) + \(fast.outOfPocket), naive \(slow.payments) + \(slow.outOfPocket)")
                // The engine's other two entries: payments added into a row, and with a recording tracer.
                let before = row
                let outOfPocket = row.withUnsafeMutableBufferPointer { engine.settle(claim, state: &addingState, addingPaymentsTo: $0.baseAddress!) }
                #expect(zip(row, before).map { Money(fen: $0 - $1) } == slow.payments && outOfPocket == slow.outOfPocket.fen,
                        "\(name) \(year) claim \(i) \(claim): added \(zip(row, before).map { $0 - $1 }) + \(outOfPocket), naive \(slow.payments) + \(slow.outOfPocket)")
                var traced = ClaimBreakdown(tierCount: engine.tierCount)
                var recorder = TraceRecorder()
                engine.settle(claim, state: &tracedState, into: &traced, tracer: &recorder)
                #expect(traced == fast, "\(name) \(year) claim \(i) \(claim): traced \(traced.payments), engine \(fast.payments)")
                #expect(addingState == state && tracedState == state, "\(name) \(year) claim \(i): accumulators differ between the engine's entries")
            }
        }
    }

    /// The check above can fail: a naive interpreter of a plan that differs in one
    /// ratio disagrees with the engine on some person-year.
    @Test("a plan changed in one ratio is told apart")
    func aChangedPlanIsToldApart() throws {
        let scenario = try CaseScenarios.load("yunnan-2017")
        var changed = scenario.plan
        guard case .coinsurance(var c) = changed.tiers[0].rules[1].formula else { Issue.record("expected coinsurance"); return }
        c.ratio = LevelValues(uniform: Rate(exactly: 0.5)!)
        changed.tiers[0].rules[1].formula = .coinsurance(c)
        let year = scenario.years.lowerBound
        let engine = try SettlementEngine(plan: scenario.plan, year: year)
        let naive = NaiveSettler(plan: changed, year: year)
        let claim = Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true,
                          totalCost: Money(yuan: 5_000), policyRangeCost: Money(yuan: 4_000))
        var state = engine.newPersonYear()
        var naiveState: [String: Int64] = [:]
        #expect(engine.settle(claim, state: &state).payments != naive.settle(claim, state: &naiveState).payments)
    }
}
