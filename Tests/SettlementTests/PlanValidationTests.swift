import Settlement
import Testing

/// `SettlementPlan.validate(year:)` is what the scenario loader checks every year
/// of a horizon with: it must refuse exactly what compiling an engine refuses.
@Suite struct PlanValidationTests {
    @Test func acceptsWhatTheEngineCompiles() throws {
        let loaded = try CaseScenarios.load("yunnan-2017")
        for year in loaded.years {
            try loaded.plan.validate(year: year)
            _ = try SettlementEngine(plan: loaded.plan, year: year)
        }
    }

    /// A year beyond the income line's `by_year` and a cap no tier declares: the same error as the engine's.
    @Test func refusesWhatTheEngineRefuses() throws {
        let loaded = try CaseScenarios.load("yunnan-2017")
        var unknownCap = loaded.plan
        unknownCap.tiers[0].annualCaps = [:]
        for (plan, year) in [(loaded.plan, loaded.years.upperBound + 1), (unknownCap, loaded.years.lowerBound)] {
            let validation = #expect(throws: PlanError.self) { try plan.validate(year: year) }
            let compilation = #expect(throws: PlanError.self) { try SettlementEngine(plan: plan, year: year) }
            #expect(validation != nil && validation == compilation)
        }
    }
}
