import ArgumentParser
import Forecast
import Foundation
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
        Writes forecast.csv, county_liability.csv, indicators.csv, population.csv, scenario.yaml (the resolved scenario: \
        running it reproduces the tables), manifest.json, datapackage.json (and draws.csv and parameter_draws.csv with \
        --keep-draws; capitation.csv when the scenario has capitation pilots) into Output/<scenario>/ or --out, all at once: a failed run leaves no folder behind. \
        The same scenario, seed and program version give byte-identical tables for any --threads. \
        With --counties, only those counties run: their rows are byte-identical to the full run's, the tables have no \
        prefecture or province rows, and manifest.json records the selection (extras `counties`).
        """
    )

    /// A built-in name or a path to a YAML file.
    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    @OptionGroup var options: MonteCarloOptions

    @Option(help: "Output folder (default: Output/<scenario id>).")
    var out: String?

    @Flag(help: "Also write draws.csv: every draw's value of every item (large).")
    var keepDraws = false

    @Option(help: ArgumentHelp("Compute only shard I of N (draws ⌊I·D/N⌋ ..< ⌊(I+1)·D/N⌋, I from 0) into a shard folder for `fundsim merge` (Scenarios/SHARDS.md).",
                               valueName: "I/N"))
    var shard: String?

    /// The resolved scenario in every output folder: `fundsim run FOLDER/scenario.yaml` reproduces the run.
    static let scenarioFileName = "scenario.yaml"

    /// The default number of draws: about a minute for the built-in scenario's horizon on 2 cores.
    static let defaultDraws = 40

    func validate() throws {
        if let shard { do { _ = try ShardSlice(parsing: shard) } catch { throw ValidationError(error.message) } }
    }

    func run() throws {
        let started = Date()
        let (loaded, simulation) = try ForecastSetup.load(scenario, set: options.set)
        let runYears = try ForecastSetup.years(options.years, horizon: loaded.years)
        let selection = try options.countySelection(simulation.model.population, scenario: loaded.sourceName)
        let folder = out ?? "Output/\(loaded.id)"
        // The destination is checked (and the earlier output announced) before any simulation; a shard writes its own folder.
        var output: OutputDirectory? = shard == nil ? try OutputDirectory.open(folder, quiet: options.quiet) : nil
        let replaced = output?.replacing != nil
        let setup = try ForecastSetup(scenario: loaded, simulation: simulation, years: runYears, seed: options.seed, draws: options.draws,
                                      threads: options.threads, parameterUncertainty: !options.noParameterUncertainty, onlyCounties: selection)
        var manifest = Manifest(
            scenarioName: loaded.id, scenarioPath: loaded.sourceName, scenarioSHA256: setup.scenarioHash,
            seed: options.seed, draws: options.draws, threads: options.threads, years: runYears,
            startTime: started, wallTimeSeconds: 0, commandLine: CommandLine.arguments,
            extras: ["parameter_uncertainty": String(!options.noParameterUncertainty), "shards": "1"]
                .merging(ForecastSetup.selectionExtras(simulation, counties: selection)) { $1 })
        if ForecastAggregator.tooFewDrawsForP99(options.draws) {
            let beyond = Double(options.draws) * 0.01
            FileHandle.standardError.write(Data("""
                warning: \(options.draws) draws leave \(String(format: "%.1f", beyond)) draws beyond the P99 (fewer than \(Int(ForecastAggregator.minimumTailDraws))): \
                its Monte Carlo error is large (p99_se, liability_p99_se understate it); use --draws \(Int(ForecastAggregator.minimumTailDraws * 100)) or more

                """.utf8))
        }
        manifest.scenarioFiles = ForecastSetup.files(loaded)
        manifest.overrides = ForecastSetup.overrides(loaded)
        if let shard {
            try runShard(shard, setup: setup, manifest: manifest, started: started)
            return
        }
        let progress = ProgressReporter(total: options.draws, label: "\(loaded.id) draws", quiet: options.quiet)
        do {
            _ = try ForecastJob(runner: setup.runner, regions: setup.regions, keepDraws: keepDraws)
                .run(into: output.take()!, manifest: manifest, files: [Self.scenarioFileName: loaded.resolvedText]) { _ in progress.advance() }
        } catch {
            progress.finish()
            throw Diagnostics.fail(writing: folder, error)
        }
        progress.finish()
        if !options.quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("wrote \(folder)/ (\(options.draws) draws × \(runYears.count) years, \(String(format: "%.1f", seconds)) s\(replaced ? "; replaced the earlier output" : ""))\n".utf8))
        }
    }
}

/// The program version recorded in every manifest (defined once, in ``ProgramVersion``).
enum FundsimVersion {
    /// Semantic version of fundsim.
    static var current: String { ProgramVersion.current }
}
