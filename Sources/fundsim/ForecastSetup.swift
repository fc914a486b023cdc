import Cohort
import Forecast
import Foundation
import ProjectedPopulation
import Reporting
import Scenario
import Simulation

/// Builds what `run` and `compare` need from a scenario: the loaded scenario,
/// the Monte Carlo runner (with the cohort projection when the scenario has
/// one) and the output regions. Bad input becomes `error: …` and the exit status of its kind (``ExitStatus``).
struct ForecastSetup {
    let scenario: Scenario
    let simulation: ScenarioSimulation
    let runner: MonteCarloRunner
    let regions: RegionTable

    /// Loads a scenario (built-in name or path) with `--set` assignments and its simulation section.
    static func load(_ nameOrPath: String, set assignments: [String] = []) throws -> (Scenario, ScenarioSimulation) {
        var overrides: [ParameterOverride] = []
        for assignment in assignments {
            do { overrides.append(try ParameterOverride.parse(assignment)) } catch { throw Diagnostics.fail(error.description, .usage) }
        }
        let loaded = try ScenarioArgument.load(nameOrPath, overrides: overrides)
        guard let simulation = loaded.simulation else {
            throw Diagnostics.fail("\(loaded.sourceName): scenario '\(loaded.id)' has no simulation section; this command needs one (see Scenarios/FORMAT.md)")
        }
        return (loaded, simulation)
    }

    /// Sets up the run of a loaded scenario for the given years, with its capitation pilots
    /// (or the given subset), simulating only `onlyCounties` when set: then the output
    /// regions are those counties alone (``RegionTable``) and only their pilots run.
    init(scenario loaded: Scenario, simulation: ScenarioSimulation, years: [Int], seed: UInt64, draws: Int, threads: Int,
         parameterUncertainty: Bool, pilots: [CapitationPilot]? = nil, onlyCounties: Set<Int>? = nil) throws {
        scenario = loaded
        self.simulation = simulation
        let configuration = RunConfiguration(seed: seed, draws: draws, threads: threads, years: years,
                                             parameterUncertainty: parameterUncertainty, onlyCounties: onlyCounties)
        // The multi-year population: the cohort projection when the scenario has one. OpenBLAS gets
        // the workers' threads: it runs between chunks of draws, while the workers wait.
        var population: (any PopulationProjection)?
        if simulation.model.cohort != nil {
            BLASThreads.set(threads)
            do {
                population = try CohortPopulation(model: simulation.model, years: years, baseYear: loaded.years.lowerBound)
            } catch { throw Diagnostics.fail("\(loaded.sourceName): cohort: \(error)") }
        }
        do {
            runner = try MonteCarloRunner(plan: loaded.plan, model: simulation.model, fiscal: loaded.fiscal,
                                          configuration: configuration, population: population,
                                          catastrophicShare: simulation.catastrophicShare,
                                          pilots: (pilots ?? loaded.capitation).filter { onlyCounties?.contains($0.county) ?? true })
        } catch { throw Diagnostics.fail("\(loaded.sourceName): \(error.description)") }
        regions = RegionTable(population: simulation.model.population, provinceID: simulation.provinceID,
                              provinceName: simulation.provinceName, counties: onlyCounties)
    }

    /// The manifest extras of a county selection: `counties` (the ids, comma-separated, in
    /// the scenario's order) and `registered_poor` of the counties simulated.
    static func selectionExtras(_ simulation: ScenarioSimulation, counties: Set<Int>?) -> [String: String] {
        let population = simulation.model.population
        let simulated = population.counties.indices.filter { counties?.contains($0) ?? true }
        var extras = ["registered_poor": String(simulated.map { population.counties[$0].registeredPoor }.reduce(0, +))]
        if let counties { extras["counties"] = CountySelection.text(counties, in: population) }
        return extras
    }

    /// The SHA-256 of the resolved scenario's text (the file's exact text when it neither extends nor is overridden).
    var scenarioHash: String { Self.hash(scenario) }

    /// The SHA-256 of a scenario's resolved text.
    static func hash(_ scenario: Scenario) -> String { SHA256.hex(Array(scenario.resolvedText.utf8)) }

    /// The manifest's record of a scenario's files.
    static func files(_ scenario: Scenario) -> [Manifest.File] { scenario.files.map { Manifest.File(name: $0.name, sha256: $0.sha256) } }

    /// The manifest's record of a scenario's overrides, as `PATH=VALUE`.
    static func overrides(_ scenario: Scenario) -> [String] { scenario.overrides.map { "\($0.path)=\($0.value)" } }

    /// Parses `--years` ("2017-2020" or "2018") within `horizon`; the whole horizon when absent.
    static func years(_ text: String?, horizon: ClosedRange<Int>) throws -> [Int] {
        guard let text else { return Array(horizon) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 1 || parts.count == 2, let first = parts.first ?? nil, let last = parts.last ?? nil, first <= last else {
            throw Diagnostics.fail("--years expects FIRST-LAST (e.g. 2017-2020) or one year, got '\(text)'", .usage)
        }
        guard horizon.contains(first) && horizon.contains(last) else {
            throw Diagnostics.fail("--years \(text) is outside the horizon \(horizon.lowerBound)-\(horizon.upperBound)", .usage)
        }
        return Array(first...last)
    }
}
