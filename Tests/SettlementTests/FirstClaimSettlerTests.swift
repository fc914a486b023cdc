import PolicyCatalog
import PropertyBased
import Settlement
import Testing

/// The first-claim fast path (``FirstClaimSettler``) against the engine's general
/// path: for every shipped plan and random claims of every kind, settling a claim as
/// the first of a fresh person-year gives the same payments to the fen, the same
/// out-of-pocket and the same counted out-of-pocket as ``SettlementEngine/settle(_:state:)``.
@Suite struct FirstClaimSettlerTests {
    @Test(arguments: CaseScenarios.propertyPlans)
    func firstClaimMatchesTheEngine(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        await propertyCheck(count: 500, input: zip(Generators.claim, Gen.int(in: 0...3))) { claim, offset in
            let engine = try SettlementPropertyTests.engine(scenario, yearOffset: offset)
            var state = engine.newPersonYear()
            let expected = engine.settle(claim, state: &state)
            let fast = FirstClaimSettler(engine: engine, template: claim)
            var payments = [Int64](repeating: 0, count: engine.tierCount)
            let (oop, counted) = payments.withUnsafeMutableBufferPointer {
                fast.settle(total: claim.totalCost.fen, policyRange: claim.policyRangeCost.fen,
                            consultationFee: claim.consultationFee.fen, addingPaymentsTo: $0.baseAddress!)
            }
            #expect(payments == expected.payments.map(\.fen), "\(claim)")
            #expect(oop == expected.outOfPocket.fen, "\(claim)")
            #expect(counted == engine.countedOutOfPocket(state)?.fen, "\(claim)")
        }
    }

    /// Settled with the person-year's accumulators, the fast path leaves them where the engine
    /// does: the claims after it (through the engine) settle the same to the fen.
    @Test(arguments: CaseScenarios.propertyPlans)
    func firstClaimLeavesTheEnginesAccumulators(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        await propertyCheck(count: 300, input: zip(Generators.claim, Generators.claim.array(of: 1...4), Gen.int(in: 0...3))) { first, rest, offset in
            let engine = try SettlementPropertyTests.engine(scenario, yearOffset: offset)
            var expectedState = engine.newPersonYear()
            let expectedFirst = engine.settle(first, state: &expectedState)
            var state = engine.newPersonYear()
            var payments = [Int64](repeating: 0, count: engine.tierCount)
            let oop = payments.withUnsafeMutableBufferPointer {
                FirstClaimSettler(engine: engine, template: first).settle(
                    total: first.totalCost.fen, policyRange: first.policyRangeCost.fen, consultationFee: first.consultationFee.fen,
                    addingPaymentsTo: $0.baseAddress!, state: &state)
            }
            #expect(payments == expectedFirst.payments.map(\.fen), "\(first)")
            #expect(oop == expectedFirst.outOfPocket.fen, "\(first)")
            #expect(state == expectedState, "\(first)")
            // The same with the accumulators in flat storage (the simulator's way), then the engine's pointer entry.
            var flat = [Int64](repeating: 0, count: max(1, engine.accumulatorCount))
            var flatPayments = [Int64](repeating: 0, count: engine.tierCount)
            let flatOutOfPocket = flat.withUnsafeMutableBufferPointer { accumulators in
                flatPayments.withUnsafeMutableBufferPointer {
                    FirstClaimSettler(engine: engine, template: first).settle(
                        total: first.totalCost.fen, policyRange: first.policyRangeCost.fen, consultationFee: first.consultationFee.fen,
                        addingPaymentsTo: $0.baseAddress!, freshAccumulators: accumulators.baseAddress!)
                }
            }
            #expect(flatPayments == expectedFirst.payments.map(\.fen) && flatOutOfPocket == expectedFirst.outOfPocket.fen, "\(first)")
            var flatState = engine.newPersonYear()
            flat.withUnsafeBufferPointer { flatState.load(from: $0.baseAddress!) }
            #expect(flatState == expectedState, "\(first): flat accumulators")
            for claim in rest {
                let expected = engine.settle(claim, state: &expectedState)
                #expect(engine.settle(claim, state: &state) == expected, "\(first), then \(claim)")
                var added = [Int64](repeating: 0, count: engine.tierCount)
                let oop = flat.withUnsafeMutableBufferPointer { accumulators in
                    added.withUnsafeMutableBufferPointer { engine.settle(claim, accumulators: accumulators.baseAddress!, addingPaymentsTo: $0.baseAddress!) }
                }
                #expect(added == expected.payments.map(\.fen) && oop == expected.outOfPocket.fen, "\(first), then \(claim) (flat accumulators)")
            }
        }
    }

    /// The fast path adds to what is already in the buffer (a ledger row), it does not overwrite.
    @Test func addsToThePayments() throws {
        let scenario = try CaseScenarios.load("yunnan-2017")
        let engine = try SettlementEngine(plan: scenario.plan, year: scenario.years.lowerBound)
        let claim = Claim(setting: .generalOutpatient, level: .township, inCounty: true, referralCompliant: true,
                          totalCost: Money(yuan: 500), policyRangeCost: Money(yuan: 450), consultationFee: Money(yuan: 30))
        var state = engine.newPersonYear()
        let expected = engine.settle(claim, state: &state)
        var payments = [Int64](repeating: 7, count: engine.tierCount)
        _ = payments.withUnsafeMutableBufferPointer {
            FirstClaimSettler(engine: engine, template: claim).settle(total: 50_000, policyRange: 45_000, consultationFee: 3_000,
                                                                     addingPaymentsTo: $0.baseAddress!)
        }
        #expect(payments == expected.payments.map { $0.fen + 7 })
        #expect(expected.payments.contains { $0 > .zero })
    }
}
