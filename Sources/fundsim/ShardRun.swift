import Forecast
import Foundation
import Reporting
import Simulation

/// `fundsim run … --shard I/N`: simulates the shard's draws only and writes
/// them, one record per draw, into a shard folder (Scenarios/SHARDS.md) that
/// `fundsim merge` turns into the tables of the unsplit run.
extension RunCommand {
    /// The flags of `run` that change its tables: shards of one job must agree on them.
    /// `counties`: the `--counties` selection as the manifest records it (absent without one).
    static func jobOptions(keepDraws: Bool, parameterUncertainty: Bool, counties: String? = nil) -> [String: String] {
        var options = ["keep_draws": String(keepDraws), "parameter_uncertainty": String(parameterUncertainty)]
        if let counties { options["counties"] = counties }
        return options
    }

    /// Runs shard `text` (`I/N`) of the job into `--out` (default `Output/<scenario>-shard-I-of-N`).
    func runShard(_ text: String, setup: ForecastSetup, manifest: Manifest, started: Date) throws {
        let slice: ShardSlice
        do { slice = try ShardSlice(parsing: text) } catch { throw Diagnostics.fail(error.message) }
        let range = slice.range(units: options.draws)
        let folder = URL(fileURLWithPath: out ?? "Output/\(setup.scenario.id)-shard-\(slice.index)-of-\(slice.count)")
        let job = JobIdentity(kind: DrawResult.shardKind, scenarioSHA256: setup.scenarioHash, seed: options.seed, units: options.draws,
                              years: setup.runner.configuration.years, programVersion: FundsimVersion.current,
                              options: Self.jobOptions(keepDraws: keepDraws, parameterUncertainty: !options.noParameterUncertainty,
                                                       counties: manifest.extras["counties"]),
                              shards: slice.count)
        try ShardSteps.write(into: folder, arrays: DrawResult.recordArrays, draws: range, what: "shard \(slice)",
                             label: "\(setup.scenario.id) shard \(slice) draws", quiet: options.quiet, started: started,
                             manifest: { payload in
                                 ShardManifest(job: job, shard: slice, units: range, payload: payload, output: manifest, startTime: started,
                                               wallTimeSeconds: Date().timeIntervalSince(started), threads: options.threads,
                                               commandLine: CommandLine.arguments)
                             }, scenarioText: setup.scenario.resolvedText) { advance, append in
            try setup.runner.run(draws: range, progress: { _ in advance() }) { try append($0.record) }
        }
    }
}
