import PropertyBased
import Settlement
import Testing

/// The built-in `yunnan-2017` scenario file and the plan written in Swift from
/// POLICY.md section 8 are two independent encodings of one spec: over random
/// person-years they must settle identically, tier by tier, to the fen. The
/// cases check chosen claims; this checks everywhere else.
@Test func yunnanScenarioSettlesLikeTheReferencePlan() async throws {
    let file = try CaseScenarios.load("yunnan-2017")
    let reference = try CaseScenarios.load("reference:yunnan-2017")
    #expect(file.years == reference.years)
    #expect(file.plan.tiers.map(\.id) == reference.plan.tiers.map(\.id))
    await propertyCheck(count: 500, input: Generators.personYear) { claims, offset in
        let year = file.years.lowerBound + offset % file.years.count
        let a = try SettlementEngine(plan: file.plan, year: year)
        let b = try SettlementEngine(plan: reference.plan, year: year)
        var sa = a.newPersonYear()
        var sb = b.newPersonYear()
        for claim in claims {
            let ra = a.settle(claim, state: &sa)
            let rb = b.settle(claim, state: &sb)
            #expect(ra == rb, "\(year) \(claim): scenario file \(ra.payments) oop \(ra.outOfPocket), reference \(rb.payments) oop \(rb.outOfPocket)")
        }
    }
}
