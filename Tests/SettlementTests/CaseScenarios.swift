import Foundation
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

    /// The plans the property tests run over: the built-in scenario, every other
    /// scenario file shipped in `Scenarios/` (found at test time, so a new variant
    /// is covered without touching the tests), and the Swift reference plan.
    static let propertyPlans: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.repositoryRoot + "/Scenarios")) ?? []
        let variants = files.filter { $0.hasSuffix(".yaml") && $0 != "yunnan-2017.yaml" }.sorted().map { "Scenarios/" + $0 }
        return ["yunnan-2017"] + variants + ["reference:yunnan-2017"]
    }()

    /// The plans with an income-line guarantee (Xinbin has none: its hospitals
    /// absorb the rest instead). A plan that fails to load stays in, so the
    /// failure is reported rather than the plan silently skipped.
    static let incomeLinePlans: [String] = propertyPlans.filter { name in
        guard let loaded = try? load(name) else { return true }
        return loaded.plan.tiers.contains { $0.outOfPocketLimit != nil }
    }
}
