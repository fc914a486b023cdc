import ArgumentParser
import Forecast
import Foundation
import Reporting
import Scenario
import Simulation

/// `fundsim merge SHARD_DIR… --out DIR`: checks that the shard folders are every
/// shard of one job exactly once, then streams their draws, in draw order,
/// through the same consumer as the unsplit command, so the tables are
/// byte-identical to it.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard folders of a split run into the tables of the unsplit run.",
        discussion: """
        Each shard folder is written by `fundsim run … --shard I/N`. The shards must all belong to one job (same \
        resolved scenario SHA-256, seed, draws, years, program version and output flags) and together hold each shard \
        0..N-1 exactly once; otherwise the merge names the foreign, duplicated or missing shard and writes nothing. \
        The output folder (default Output/<scenario id>) has the same tables as the unsplit run, byte for byte; \
        manifest.json differs only in startTime, wallTimeSeconds, threads, commandLine and the extras `shards`, \
        `shard_threads`, `shard_wall_time_seconds` (Scenarios/SHARDS.md). Memory does not grow with the draws.
        """
    )

    @Argument(help: ArgumentHelp("The shard folders, in any order.", valueName: "shard-dir"))
    var shards: [String]

    @Option(help: "Output folder (default: Output/<scenario id>, as the unsplit command).")
    var out: String?

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func run() throws {
        let started = Date()
        let set: ShardSet
        // Absolute paths: merging a sweep reads its files from the shards' working directory.
        let cwd = FileManager.default.currentDirectoryPath
        let folders = shards.map { URL(fileURLWithPath: $0.hasPrefix("/") ? $0 : (cwd as NSString).appendingPathComponent($0)) }
        do { set = try ShardSet(folders: folders) } catch { throw Diagnostics.fail(error.message) }
        switch set.job.kind {
        case DrawResult.shardKind: try mergeRun(set, started: started)
        case SweepRecords.kind: try mergeSweep(set, started: started)
        default: throw Diagnostics.fail("\(set.folders[0].path): shards of kind '\(set.job.kind)' cannot be merged by this program")
        }
    }

    /// The manifest of the merged output: the unsplit command's, with how the job was split.
    static func mergedManifest(_ set: ShardSet, started: Date) -> Manifest {
        var manifest = set.manifests[0].output
        manifest.startTime = set.manifests.map(\.startTime).min() ?? started
        manifest.threads = set.manifests.map(\.threads).max() ?? 1
        manifest.commandLine = CommandLine.arguments
        manifest.extras["shards"] = String(set.job.shards)
        manifest.extras["shard_threads"] = set.manifests.map { String($0.threads) }.joined(separator: " ")
        manifest.extras["shard_wall_time_seconds"] = set.manifests.map { String(format: "%.3f", $0.wallTimeSeconds) }.joined(separator: " ")
        return manifest
    }

    /// Merges the shards of `fundsim run`.
    func mergeRun(_ set: ShardSet, started: Date) throws {
        let job = set.job
        let stored = set.manifests[0].output
        let text: String
        do { text = try set.scenarioText() } catch { throw Diagnostics.fail(error.message) }
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(yaml: text, sourceName: stored.scenarioPath) } catch {
            throw Diagnostics.fail("\(set.folders[0].path)/\(ShardManifest.scenarioFileName): \(error.description)")
        }
        guard let simulation = loaded.simulation else {
            throw Diagnostics.fail("\(set.folders[0].path)/\(ShardManifest.scenarioFileName): no simulation section")
        }
        var selection: Set<Int>?
        if let counties = job.options["counties"] {
            do { selection = try CountySelection.indices(of: CountySelection.parse(counties), in: simulation.model.population) } catch {
                throw Diagnostics.fail("\(set.folders[0].path)/\(ShardManifest.fileName): counties: \(error)")
            }
        }
        let setup = try ForecastSetup(scenario: loaded, simulation: simulation, years: job.years, seed: job.seed, draws: job.units,
                                      threads: 1, parameterUncertainty: job.options["parameter_uncertainty"] != "false",
                                      onlyCounties: selection)
        let folder = URL(fileURLWithPath: out ?? "Output/\(loaded.id)")
        let runner = setup.runner
        try ShardSteps.merge(set, into: folder, what: "shard", label: "merge \(loaded.id) draws", quiet: quiet, started: started) { records in
            _ = try ForecastJob(runner: runner, regions: setup.regions, keepDraws: job.options["keep_draws"] == "true")
                .write(into: folder, manifest: Self.mergedManifest(set, started: started),
                       files: [RunCommand.scenarioFileName: text]) { consume in
                    try records.forEach { try consume(try DrawResult(record: $0, runner: runner)) }
                }
        }
    }
}
