import PolicyCatalog
import PropertyBased
@testable import Settlement
import Testing

/// The engine picks each tier's rule and guarantee from a table by claim class
/// (``RuleTable``) instead of matching filters per claim: for every shipped plan and
/// random claims (any setting, level, flags, disease or none, status, category), the
/// table gives the first rule whose compiled filter matches, and the guarantee exactly
/// when its filter matches.
@Suite struct RuleTableTests {
    @Test(arguments: CaseScenarios.propertyPlans)
    func tableAgreesWithTheFilters(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        let engine = try SettlementEngine(plan: scenario.plan, year: scenario.years.lowerBound)
        await propertyCheck(count: 1_000, input: Generators.claim) { claim in
            let key = ClaimKey(claim, diseaseMasks: engine.diseaseMasks)
            let row = engine.ruleTable.row(of: claim)
            for (t, tier) in engine.tiers.enumerated() {
                let expected = tier.rules.first { engine.rules[$0].filter.matches(key) } ?? tier.rules.upperBound
                #expect(Int(engine.ruleTable.firstMatch[row + t]) == expected, "tier \(t) on \(claim)")
                #expect(engine.ruleTable.guaranteeCounts[row + t] == (tier.limit?.filter.matches(key) ?? false), "tier \(t) on \(claim)")
            }
        }
    }

    @Test("a disease index outside the catalog is in the class of no list, like the engine's key")
    func unknownDisease() throws {
        let scenario = try CaseScenarios.load("yunnan-2017")
        let engine = try SettlementEngine(plan: scenario.plan, year: scenario.years.lowerBound)
        let none = Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true, disease: nil,
                         totalCost: Money(yuan: 1000), policyRangeCost: Money(yuan: 900))
        var outside = none
        outside.disease = DiseaseIndex(DiseaseCatalog.standard.diseases.count + 5)
        #expect(engine.ruleTable.row(of: none) == engine.ruleTable.row(of: outside))
    }
}
