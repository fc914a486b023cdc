import Settlement

/// Resolves a case's `scenario:` to a plan and its years.
/// Until the scenario loader lands this knows only the built-in Yunnan plan.
enum CaseScenarios {
    struct Loaded {
        var plan: SettlementPlan
        var years: ClosedRange<Int>
    }

    struct Unavailable: Error, CustomStringConvertible {
        var name: String
        var description: String { "scenario '\(name)' cannot be loaded yet" }
    }

    static func load(_ nameOrPath: String) throws -> Loaded {
        guard nameOrPath == "yunnan-2017" else { throw Unavailable(name: nameOrPath) }
        return Loaded(plan: ReferencePlan.yunnan2017, years: 2017...2020)
    }
}

extension CaseScenarios {
    /// The plans the property tests run over.
    static let propertyPlans: [String] = ["yunnan-2017"]
}
