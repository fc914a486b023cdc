import ArgumentParser
import Cohort
import Forecast
import Foundation
import Projection
import Reporting
import Scenario
import Simulation

/// `fundsim run`: the Monte Carlo forecast. Loads a scenario (the built-in
/// Yunnan 2017 one by default), simulates its registered poor for each year and
/// draw, settles every claim through the settlement engine, and writes the
/// forecast tables into `Output/<scenario>/`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the Monte Carlo forecast of a scenario and write CSV tables.",
        discussion: """
        Writes forecast.csv, county_liability.csv, indicators.csv, population.csv, manifest.json (and draws.csv with \
        --keep-draws; capitation.csv when the scenario has capitation pilots) into Output/<scenario>/ or --out, all at once: a failed run leaves no folder behind. \
        The same scenario, seed and program version give byte-identical tables for any --threads.
        """
    )

    /// A built-in name or a path to a YAML file.
    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    @Option(help: "Number of Monte Carlo draws.")
    var draws: Int = RunCommand.defaultDraws

    @Option(help: "Seed of every random stream.")
    var seed: UInt64 = 20_170_927

    @Option(help: "Output folder (default: Output/<scenario id>).")
    var out: String?

    @Option(help: "Worker threads (default: the machine's cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Years to simulate, e.g. 2017-2020 or 2018 (default: the scenario's horizon).", valueName: "first-last"))
    var years: String?

    @Flag(help: "Also write draws.csv: every draw's value of every item (large).")
    var keepDraws = false

    @Flag(help: "Use parameters' point values: no parameter uncertainty, only stochastic sampling.")
    var noParameterUncertainty = false

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    /// The default number of draws: about a minute for the built-in scenario's horizon on 2 cores.
    static let defaultDraws = 40

    func validate() throws {
        guard draws > 0 else { throw ValidationError("--draws must be at least 1, got \(draws)") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let started = Date()
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(nameOrPath: scenario) } catch { throw Diagnostics.fail(error.description) }
        guard let simulation = loaded.simulation else {
            throw Diagnostics.fail("\(loaded.sourceName): scenario '\(loaded.id)' has no simulation section; `fundsim run` needs one (see Scenarios/FORMAT.md)")
        }
        let runYears = try Self.years(years, horizon: loaded.years)
        let configuration = RunConfiguration(seed: seed, draws: draws, threads: threads, years: runYears,
                                             parameterUncertainty: !noParameterUncertainty)
        // The multi-year population: the cohort projection when the scenario has one. OpenBLAS gets
        // the workers' threads: it runs between chunks of draws, while the workers wait.
        var population: (any PopulationProjection)?
        if simulation.model.cohort != nil {
            BLASThreads.set(threads)
            do {
                population = try CohortPopulation(model: simulation.model, years: runYears, baseYear: loaded.years.lowerBound)
            } catch { throw Diagnostics.fail("\(loaded.sourceName): cohort: \(error)") }
        }
        let runner: MonteCarloRunner
        do {
            runner = try MonteCarloRunner(plan: loaded.plan, model: simulation.model, fiscal: loaded.fiscal,
                                          configuration: configuration, population: population,
                                          catastrophicShare: simulation.catastrophicShare, pilots: loaded.capitation)
        } catch { throw Diagnostics.fail("\(loaded.sourceName): \(error.description)") }
        let regions = RegionTable(population: simulation.model.population, provinceID: simulation.provinceID,
                                  provinceName: simulation.provinceName)
        let folder = URL(fileURLWithPath: out ?? "Output/\(loaded.id)")
        let manifest = Manifest(
            scenarioName: loaded.id, scenarioPath: loaded.sourceName,
            scenarioSHA256: SHA256.hex(SHA256.hash(Array(loaded.sourceText.utf8))),
            seed: seed, draws: draws, threads: threads, years: runYears, programVersion: FundsimVersion.current,
            startTime: started, wallTimeSeconds: 0, commandLine: CommandLine.arguments,
            extras: ["parameter_uncertainty": String(!noParameterUncertainty),
                     "registered_poor": String(simulation.model.population.counties.map(\.registeredPoor).reduce(0, +))])
        let progress = ProgressReporter(total: draws, label: "\(loaded.id) draws", quiet: quiet)
        do {
            _ = try ForecastJob(runner: runner, regions: regions, keepDraws: keepDraws)
                .run(into: folder, manifest: manifest) { _ in progress.advance() }
        } catch {
            progress.finish()
            throw Diagnostics.fail("\(folder.path): \(error)")
        }
        progress.finish()
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("wrote \(folder.path)/ (\(draws) draws × \(runYears.count) years, \(String(format: "%.1f", seconds)) s)\n".utf8))
        }
    }

    /// Parses `--years` ("2017-2020" or "2018") within the scenario's horizon.
    static func years(_ text: String?, horizon: ClosedRange<Int>) throws -> [Int] {
        guard let text else { return Array(horizon) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (parts.count == 1 || parts.count == 2), let first = parts.first ?? nil, let last = parts.last ?? nil, first <= last else {
            throw ValidationError("--years expects FIRST-LAST (e.g. 2017-2020) or one year, got '\(text)'")
        }
        guard horizon.contains(first) && horizon.contains(last) else {
            throw ValidationError("--years \(text) is outside the scenario's horizon \(horizon.lowerBound)-\(horizon.upperBound)")
        }
        return Array(first...last)
    }
}

/// The program version recorded in every manifest.
enum FundsimVersion {
    /// Semantic version of fundsim.
    static let current = "0.1.0"
}
