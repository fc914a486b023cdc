import Scenario
import Simulation

/// The base scenario as the fit sees it: its simulation model and the values
/// the county takes there (the province's, with any override the base already
/// gives the county), which fallbacks adjust and the fit compares with.
public struct BaseModel: Sendable {
    /// The base scenario.
    public let scenario: Scenario
    /// Its simulation model.
    public let model: SimulationModel
    /// The county's index in `model.population.counties`.
    public let county: Int
    /// The county's id.
    public let countyID: String

    /// Finds the county in the scenario's model.
    public init(scenario: Scenario, countyID: String) throws(CalibrationError) {
        guard let simulation = scenario.simulation else {
            throw CalibrationError("scenario \(scenario.id) has no simulation section; expected a base scenario with a simulation model to calibrate")
        }
        guard let county = simulation.model.population.counties.firstIndex(where: { $0.region.id == countyID }) else {
            let ids = simulation.model.population.counties.map(\.region.id)
            let shown = ids.count > 6 ? ids.prefix(6).joined(separator: ", ") + ", … (\(ids.count) in all)" : ids.joined(separator: ", ")
            throw CalibrationError("no county '\(countyID)' in scenario \(scenario.id); expected one of \(shown)")
        }
        self.scenario = scenario
        model = simulation.model
        self.county = county
        self.countyID = countyID
    }

    /// The value the county sees for parameter `id` (the county's override if the base has one).
    public func value(_ id: ParameterID) -> Double {
        let substituted = model.countyOverrides[county]?[id] ?? id
        return model.parameters.entries[substituted.index].value
    }

    /// ``value(_:)`` of each.
    public func values(_ ids: [ParameterID]) -> [Double] { ids.map(value) }

    /// Annual cost growth (the county's value).
    public var costGrowth: Double { value(model.costGrowth) }

    /// The factor that brings a cost of `year` to the model's cost base year: (1 + g)^(base − year).
    public func deflator(year: Int) -> Double {
        var factor = 1.0
        let g = costGrowth
        if year < model.costBaseYear { for _ in year..<model.costBaseYear { factor *= 1 + g } }
        if year > model.costBaseYear { for _ in model.costBaseYear..<year { factor /= 1 + g } }
        return factor
    }

    /// Whether the base already gives the county overrides (the overlay then replaces the county's block).
    public var hasCountyOverrides: Bool {
        !(model.countyOverrides[county]?.isEmpty ?? true) || model.population.countyStructures[county] != nil
    }

    /// The base's own override of the county's cost growth, if any: costs are deflated with it, so the overlay keeps it.
    public var costGrowthOverride: ModelParameter? {
        model.countyOverrides[county]?[model.costGrowth].map { model.parameters.entries[$0.index] }
    }

    /// The names of the base's own overrides of the county (which the overlay's block replaces), sorted.
    public var countyOverrideNames: [String] {
        var names = (model.countyOverrides[county] ?? [:]).values.map { model.parameters.entries[$0.index].name }
        // A structure is named by its quantity, not by each of its shares.
        let prefix = "simulation.county_overrides.\(countyID).population."
        if let structure = model.population.countyStructures[county] {
            if structure.ageSexShares != nil { names.append(prefix + "age_sex_shares") }
            if structure.householdSizeShares != nil { names.append(prefix + "household_sizes") }
        }
        return names.sorted()
    }
}
