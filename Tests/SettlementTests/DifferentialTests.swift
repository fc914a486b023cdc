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
            // The pointer entry's accumulators, kept in flat storage as the simulator keeps them.
            var flat = [Int64](repeating: 0, count: max(1, engine.accumulatorCount))
            var flatRow = (0..<engine.tierCount).map { Int64($0) * 1_000 }
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
                // The entry on accumulators in flat storage: the same payments, out-of-pocket and accumulators.
                let flatBefore = flatRow
                let flatOutOfPocket = flat.withUnsafeMutableBufferPointer { accumulators in
                    flatRow.withUnsafeMutableBufferPointer { engine.settle(claim, accumulators: accumulators.baseAddress!, addingPaymentsTo: $0.baseAddress!) }
                }
                #expect(zip(flatRow, flatBefore).map { Money(fen: $0 - $1) } == slow.payments && flatOutOfPocket == slow.outOfPocket.fen,
                        "\(name) \(year) claim \(i) \(claim): added (flat accumulators) \(zip(flatRow, flatBefore).map { $0 - $1 }) + \(flatOutOfPocket), naive \(slow.payments) + \(slow.outOfPocket)")
                var stored = [Int64](repeating: 0, count: max(1, engine.accumulatorCount))
                stored.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { state.store(to: base) } }
                #expect(flat == stored, "\(name) \(year) claim \(i): flat accumulators \(flat), engine's \(stored)")
                #expect(flat.withUnsafeBufferPointer { engine.countedOutOfPocket(accumulators: $0.baseAddress!) } == engine.countedOutOfPocket(state),
                        "\(name) \(year) claim \(i): counted out-of-pocket from flat accumulators")
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
