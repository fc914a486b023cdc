import Scenario
import Settlement

/// Resolves a `scenario:` of a case (or a plan of the property tests) through
/// the scenario loader, so the cases test the scenario files end to end.
enum CaseScenarios {
    struct Loaded: Sendable {
        var plan: SettlementPlan
        var years: ClosedRange<Int>
    }

    /// A bare name is a built-in scenario (`yunnan-2017`); a path is taken
    /// relative to the repository root (`Scenarios/prefecture-2018.yaml`), so
    /// the tests do not depend on the working directory. `reference:yunnan-2017`
    /// is the plan written in Swift from POLICY.md (``ReferencePlan``).
    static func load(_ nameOrPath: String) throws -> Loaded {
        if nameOrPath == "reference:yunnan-2017" { return Loaded(plan: ReferencePlan.yunnan2017, years: 2017...2020) }
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        let argument = isPath && !nameOrPath.hasPrefix("/") ? TestPaths.repositoryRoot + "/" + nameOrPath : nameOrPath
        let scenario = try ScenarioLoader.load(nameOrPath: argument)
        return Loaded(plan: scenario.plan, years: scenario.years)
    }

    /// The plans the property tests run over: every scenario shipped, plus the
    /// Swift reference plan (a second encoding of the same spec).
    static let propertyPlans: [String] = ["yunnan-2017", "reference:yunnan-2017"]
}
