import Forecast
import Foundation
import Reporting
import Scenario
import Simulation
import Sweep

/// `fundsim sweep … --shard I/N` and the merge of sweep shards: every point's
/// results of the shard's draws, one record per draw (``SweepRecords``), merged
/// through the sweep's own collector in draw order.
extension SweepCommand {
    /// What makes sweep shards one job besides the seed, draws, years and base
    /// scenario: the flags that change the tables, the spec's text and every point's resolved scenario.
    static func jobOptions(_ setup: SweepSetup, keepDraws: Bool, parameterUncertainty: Bool) -> [String: String] {
        var options = ["keep_draws": String(keepDraws), "parameter_uncertainty": String(parameterUncertainty),
                       "sweep_spec_sha256": SHA256.hex(Array(setup.spec.text.utf8)), "points": String(setup.scenarios.count),
                       "points_sha256": SHA256.hex(Array(setup.scenarios.map(ForecastSetup.hash).joined(separator: "\n").utf8))]
        if let counties = countiesText(setup) { options["counties"] = counties }
        return options
    }

    /// The points of each simulation pass, in pass order.
    static func passes(_ setup: SweepSetup) -> [[Int]] { setup.groups.map(\.points) }

    /// Runs shard `text` (`I/N`) of the sweep into `--out` (default `Output/sweep-<spec>-shard-I-of-N`).
    func runShard(_ text: String, setup: SweepSetup, manifest: Manifest, files: [(name: String, text: String)], name: String,
                  started: Date) throws {
        let slice: ShardSlice
        do { slice = try ShardSlice(parsing: text) } catch { throw Diagnostics.fail(error.message) }
        let range = slice.range(units: options.draws)
        let folder = URL(fileURLWithPath: out ?? "Output/sweep-\(name)-shard-\(slice.index)-of-\(slice.count)")
        let job = JobIdentity(kind: SweepRecords.kind, scenarioSHA256: ForecastSetup.hash(setup.base), seed: options.seed, units: options.draws,
                              years: setup.years, programVersion: FundsimVersion.current,
                              options: Self.jobOptions(setup, keepDraws: keepDraws, parameterUncertainty: !options.noParameterUncertainty),
                              shards: slice.count)
        let passes = Self.passes(setup)
        var stored: [String: String] = [:]
        for file in files where file.name != ShardManifest.scenarioFileName { stored[file.name] = file.text }
        try ShardSteps.write(into: folder, arrays: SweepRecords.arrays, draws: range, what: "sweep shard \(slice)",
                             label: "sweep shard \(slice) draws", quiet: options.quiet, started: started,
                             manifest: { payload in
                                 ShardManifest(job: job, shard: slice, units: range, payload: payload, output: manifest, startTime: started,
                                               wallTimeSeconds: Date().timeIntervalSince(started), threads: options.threads,
                                               commandLine: CommandLine.arguments,
                                               inputs: ["sweep_spec": spec, "sweep_spec_file": Self.specFileName,
                                                        "working_directory": FileManager.default.currentDirectoryPath])
                             }, scenarioText: setup.base.resolvedText, files: stored) { advance, append in
            try SweepDraws(groups: setup.groups).run(draws: range, progress: { _ in advance() }) { results in
                try append(SweepRecords.record(draw: results[0].draw, results: results, passes: passes))
            }
        }
    }
}

extension MergeCommand {
    /// Merges the shards of `fundsim sweep`: rebuilds the sweep from the spec the
    /// shards stored, read as the shards read it (the same spec path from the same
    /// working directory, so that relative paths in it and the sources its
    /// overrides record are the same), checks that its base scenario and points
    /// are those the shards ran, and streams the draws through the sweep's collector.
    func mergeSweep(_ set: ShardSet, started: Date) throws {
        let job = set.job
        let first = set.manifests[0]
        let folder0 = set.folders[0].standardizedFileURL
        guard let specPath = first.inputs?["sweep_spec"], let specFile = first.inputs?["sweep_spec_file"],
              let directory = first.inputs?["working_directory"] else {
            throw Diagnostics.fail("\(folder0.path)/\(ShardManifest.fileName): a sweep shard without its inputs (sweep_spec, sweep_spec_file, working_directory)")
        }
        let out = URL(fileURLWithPath: self.out ?? "Output/sweep-\(((specPath as NSString).lastPathComponent as NSString).deletingPathExtension)")
            .standardizedFileURL
        guard FileManager.default.changeCurrentDirectoryPath(directory) else {
            throw Diagnostics.fail("\(directory): the working directory the sweep shards ran in is gone; the merge reads the sweep's files from it")
        }
        let specURL = folder0.appendingPathComponent(specFile)
        guard let data = FileManager.default.contents(atPath: specURL.path) else {
            throw Diagnostics.fail("\(specURL.path): missing (a sweep shard keeps its spec)")
        }
        let specText = String(decoding: data, as: UTF8.self)
        guard SHA256.hex(data) == job.options["sweep_spec_sha256"] else {
            throw Diagnostics.fail("\(specURL.path): not the spec the shards ran (SHA-256 differs from the job's)")
        }
        let setup: SweepSetup
        do {
            let spec = try SweepSpec.parse(specText, file: specPath)
            var selection: Set<Int>?
            if let counties = job.options["counties"],
               let population = try ScenarioLoader.load(nameOrPath: spec.scenarioLocation, overrides: []).simulation?.model.population {
                selection = try CountySelection.indices(of: CountySelection.parse(counties), in: population)
            }
            setup = try SweepSetup(spec: spec, seed: job.seed, draws: job.units, threads: 1, years: job.years,
                                   parameterUncertainty: job.options["parameter_uncertainty"] != "false", onlyCounties: selection)
        } catch {
            throw Diagnostics.fail("\(error) (merging the sweep shards of \(specPath))")
        }
        let keepDraws = job.options["keep_draws"] == "true"
        var rebuilt = job
        rebuilt.scenarioSHA256 = ForecastSetup.hash(setup.base)
        rebuilt.options = SweepCommand.jobOptions(setup, keepDraws: keepDraws, parameterUncertainty: job.options["parameter_uncertainty"] != "false")
        if let d = rebuilt.firstDifference(from: job) {
            throw Diagnostics.fail("\(specPath): the sweep's inputs are no longer those the shards ran (its \(d.field) is now \(d.mine), the shards' \(d.theirs)): a file it reads changed; rerun the shards")
        }
        let folder = out
        let passes = SweepCommand.passes(setup)
        let counties = setup.regions.countyCount
        var valuesPerPoint = [Int](repeating: 0, count: setup.scenarios.count)
        for group in setup.groups {
            for (k, p) in group.points.enumerated() { valuesPerPoint[p] = setup.years.count * counties * group.runner.layouts[k].count }
        }
        try ShardSteps.merge(set, into: folder, what: "sweep shard", label: "merge sweep draws", quiet: quiet, started: started) { records in
            try SweepJob(groups: setup.groups).write(
                into: folder, manifest: Self.mergedManifest(set, started: started), files: SweepCommand.files(setup),
                makeCollector: { try setup.collector(drawsURL: keepDraws ? $0 : nil) }) { consume in
                    try records.forEach { try consume(try SweepRecords.results(of: $0, passes: passes, valuesPerPoint: valuesPerPoint)) }
                }
        }
    }
}
