import ArgumentParser
import Forecast
import Foundation
import Reporting
import Scenario
import Simulation
import Sweep

/// `fundsim sweep SPEC.yaml`: many variants of one scenario in one run, with
/// common random numbers, and their sensitivity table.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep of a scenario (grid, one at a time, Latin hypercube, or points from a CSV).",
        discussion: """
        Writes points.csv, sweep.csv, sensitivity.csv (one_at_a_time: tornado; latin_hypercube: PRCC), draws.csv with \
        --keep-draws, sweep.yaml, scenario.yaml, manifest.json and datapackage.json (the tables' schemas) into Output/sweep-<spec name>/ or --out, all at once. Every \
        point uses the same random streams; points that differ only in settlement or fiscal parameters share one pass over \
        the simulated people. The spec format is in Scenarios/FORMAT.md. With --counties (ids of the base scenario), only \
        those counties run and the tables have their rows only.
        """
    )

    @Argument(help: ArgumentHelp("The sweep spec (.yaml).", valueName: "spec"))
    var spec: String

    @OptionGroup var options: MonteCarloOptions

    @Option(help: "Output folder (default: Output/sweep-<spec file name>).")
    var out: String?

    @Flag(help: "Also write draws.csv: per point, draw, year and region, the reported items and the drawn uncertain parameters (large).")
    var keepDraws = false

    @Option(help: ArgumentHelp("Compute only shard I of N of the draws (every point's), I from 0, into a shard folder for `fundsim merge` (Scenarios/SHARDS.md).",
                               valueName: "I/N"))
    var shard: String?

    /// The spec's copy in the output folder (and in a shard).
    static let specFileName = "sweep.yaml"

    /// The inputs written beside the tables: the spec and the base scenario's resolved text.
    static func files(_ setup: SweepSetup) -> [(name: String, text: String)] {
        [(specFileName, setup.spec.text), (RunCommand.scenarioFileName, setup.base.sourceText)]
    }

    /// The sweep's county selection as the manifest records it (`nil`: every county).
    static func countiesText(_ setup: SweepSetup) -> String? {
        setup.regions.selection.map { CountySelection.text($0, in: setup.groups[0].runner.model.population) }
    }

    func validate() throws {
        if let shard { do { _ = try ShardSlice(parsing: shard) } catch { throw ValidationError(error.message) } }
    }

    func run() throws {
        let started = Date()
        let setup: SweepSetup
        try Diagnostics.requireReadableFile(spec, "sweep spec .yaml file")
        do {
            let parsed = try SweepSpec.load(path: spec)
            let base = try ScenarioLoader.load(nameOrPath: parsed.scenarioLocation, overrides: [])
            let years = try options.years.map { _ in try ForecastSetup.years(options.years, horizon: base.years) }
            let selection = try base.simulation.flatMap { try options.countySelection($0.model.population, scenario: base.sourceName) }
            setup = try SweepSetup(spec: parsed, seed: options.seed, draws: options.draws, threads: options.threads, years: years,
                                   parameterUncertainty: !options.noParameterUncertainty, onlyCounties: selection)
        } catch let error as ScenarioError {
            throw Diagnostics.fail(error.description)
        }
        let name = ((spec as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = URL(fileURLWithPath: out ?? "Output/sweep-\(name)")
        let baseHash = ForecastSetup.hash(setup.base)
        var manifest = Manifest(
            scenarioName: "sweep \(name) of \(setup.base.id)", scenarioPath: spec, scenarioSHA256: baseHash,
            seed: options.seed, draws: options.draws, threads: options.threads, years: setup.years, programVersion: FundsimVersion.current,
            startTime: started, wallTimeSeconds: 0, commandLine: CommandLine.arguments,
            extras: ["parameter_uncertainty": String(!options.noParameterUncertainty),
                     "sweep_spec_sha256": SHA256.hex(Array(setup.spec.text.utf8)),
                     "base_scenario": setup.base.sourceName,
                     "design": setup.spec.design.rawValue,
                     "points": String(setup.design.points.count),
                     "simulation_passes": String(setup.groups.count)])
        // The base scenario's file chain; each point's values are in points.csv.
        manifest.scenarioFiles = ForecastSetup.files(setup.base)
        manifest.extras["shards"] = "1"
        if let counties = Self.countiesText(setup) { manifest.extras["counties"] = counties }
        if let shard {
            try runShard(shard, setup: setup, manifest: manifest, files: Self.files(setup), name: name, started: started)
            return
        }
        // The destination is checked (and an earlier output announced) before any simulation.
        var output: OutputDirectory? = try OutputDirectory.open(folder.path, quiet: options.quiet)
        let replaced = output?.replacing != nil
        let progress = ProgressReporter(total: options.draws, label: "sweep draws (\(setup.design.points.count) points)", quiet: options.quiet)
        do {
            try SweepJob(groups: setup.groups).run(
                into: output.take()!, manifest: manifest, files: Self.files(setup),
                makeCollector: { try setup.collector(drawsURL: keepDraws ? $0 : nil) }) { _ in progress.advance() }
        } catch {
            progress.finish()
            throw Diagnostics.fail(writing: folder.path, error)
        }
        progress.finish()
        if !options.quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("wrote \(folder.path)/ (\(setup.design.points.count) points in \(setup.groups.count) simulation pass(es), \(options.draws) draws, \(String(format: "%.1f", seconds)) s\(replaced ? "; replaced the earlier output" : ""))\n".utf8))
        }
    }
}
