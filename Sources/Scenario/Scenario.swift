import Settlement
import Simulation

/// The Monte Carlo part of a scenario: the model and the province it covers.
public struct ScenarioSimulation: Sendable {
    /// The simulation model.
    public let model: SimulationModel
    /// The province's id in output.
    public let provinceID: String
    /// The province's display name.
    public let provinceName: String
    /// The share of the income line above which a person-year's out-of-pocket counts as catastrophic.
    public let catastrophicShare: Double
}

/// A loaded, validated scenario: the settlement plan and the fiscal parameters
/// of one policy variant over a horizon of years, with every parameter's unit
/// and source, and the exact text it was loaded from (so that a run can be
/// reproduced from its output alone). Make one with ``ScenarioLoader``.
public struct Scenario: Sendable {
    /// The scenario's id, e.g. `yunnan-2017`.
    public let id: String
    /// A human title.
    public let title: String
    /// The horizon: the years the scenario's parameters cover.
    public let years: ClosedRange<Int>
    /// Free-text notes from the file.
    public let notes: String
    /// The settlement rule set (tiers, rules, scenario disease lists).
    public let plan: SettlementPlan
    /// The fiscal ledger parameters.
    public let fiscal: FiscalParameters
    /// Every number of the file with its path, value, unit and source, in file order.
    public let parameters: [ScenarioParameter]
    /// The resolved text: the file's exact text, or, when it extends another
    /// scenario or was overridden, the resolved YAML (what is hashed for the
    /// manifest and written to an output folder's `scenario.yaml`).
    public let sourceText: String
    /// The chain of files it was resolved from, the named one first (an overlay, then what it extends).
    public internal(set) var files: [ScenarioFile] = []
    /// The overrides applied after the files (`--set`, a sweep point), in order.
    public internal(set) var overrides: [ParameterOverride] = []
    /// Where it came from: a path, or `builtin:NAME`.
    public let sourceName: String
    /// The `simulation:` section, if the scenario has one (needed by `fundsim run`).
    public let simulation: ScenarioSimulation?
    /// The per-capita packaged-payment pilots of the `capitation:` section
    /// (POLICY.md section 6); empty without one.
    public let capitation: [CapitationPilot]

    /// Creates a scenario; the loader calls this after validation. Throws unless the
    /// plan compiles for every year of the horizon; it keeps no compiled engine
    /// (who settles compiles the years and variants it needs: `SettlementEngine(plan:year:)`).
    public init(id: String, title: String, years: ClosedRange<Int>, notes: String, plan: SettlementPlan,
                fiscal: FiscalParameters, parameters: [ScenarioParameter], sourceText: String,
                sourceName: String, simulation: ScenarioSimulation? = nil, capitation: [CapitationPilot] = []) throws(PlanError) {
        self.id = id
        self.title = title
        self.years = years
        self.notes = notes
        self.plan = plan
        self.fiscal = fiscal
        self.parameters = parameters
        self.sourceText = sourceText
        self.sourceName = sourceName
        self.simulation = simulation
        self.capitation = capitation
        for year in years { try plan.validate(year: year) }
    }

    /// The resolved text (see ``sourceText``): loading it gives this scenario again.
    public var resolvedText: String { sourceText }

    /// The tier with this id, or `nil`.
    public func tier(_ id: String) -> Tier? { plan.tiers.first { $0.id == id } }

    /// The parameter recorded at this path, or `nil`.
    public func parameter(_ path: String) -> ScenarioParameter? { parameters.first { $0.path == path } }
}
