import ArgumentParser
import Foundation
import Reporting
import Scenario
import Simulation
import Sweep

/// `fundsim slurm-script`: writes a bash script that submits a split run to
/// Slurm without Dask: an `sbatch --array=0-(N-1)` job whose task `I` runs
/// `fundsim run … --shard I/N`, and a merge job that depends on the whole array
/// (`afterok`) and runs `fundsim merge` on the N shard folders.
struct SlurmScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm-script",
        abstract: "Write a bash script that submits a split run as a Slurm job array plus a dependent merge job.",
        discussion: """
        Run the script with bash: it submits the array (one `fundsim run … --shard I/N` per task, into WORK/shard-I, \
        logs in WORK/logs/) and a merge job (`--dependency=afterok:<array>`, cancelled if a task fails) that writes \
        the merged tables to --out, and prints both job ids. Paths are made absolute. Scenarios/SHARDS.md.
        """
    )

    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file (with --sweep: a sweep spec).", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    @Flag(help: "Split a sweep: the argument is a sweep spec, each task runs `fundsim sweep SPEC … --shard I/N`.")
    var sweep = false

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario parameter (repeatable), passed to every shard (not with --sweep).", valueName: "path=value"))
    var assignments: [String] = []

    @Option(help: "Number of shards (array tasks).")
    var shards: Int

    @Option(help: "Folder for the shard folders and logs (created by the script).")
    var work: String

    @Option(help: "Output folder of the merged tables.")
    var out: String

    @Option(help: "Number of Monte Carlo draws.")
    var draws: Int = RunCommand.defaultDraws

    @Option(help: "Seed of every random stream.")
    var seed: UInt64 = 20_170_927

    @Option(help: ArgumentHelp("Years to simulate, e.g. 2017-2020 or 2018 (default: the scenario's horizon).", valueName: "first-last"))
    var years: String?

    @Flag(help: "Use parameters' point values: no parameter uncertainty, only stochastic sampling.")
    var noParameterUncertainty = false

    @Flag(help: "Also write draws.csv in the merged output.")
    var keepDraws = false

    @Option(help: ArgumentHelp("Simulate only these counties (as `run --counties`), passed to every shard.", valueName: "id,id…"))
    var counties: String?

    @Option(help: "Worker threads per task (also its --cpus-per-task).")
    var threads: Int = 1

    @Option(help: "The fundsim binary the jobs run (default: this one).")
    var fundsim: String?

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Slurm account.")
    var account: String?

    @Option(help: ArgumentHelp("Time limit per job, as sbatch --time takes it (e.g. 02:00:00).", valueName: "time"))
    var time: String?

    @Option(help: ArgumentHelp("Memory per job, as sbatch --mem takes it (e.g. 4G).", valueName: "size"))
    var mem: String?

    @Option(help: "Job name (default: fundsim-<scenario id>).")
    var jobName: String?

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("An extra sbatch argument for both jobs (repeatable), e.g. --sbatch-arg=--qos=long.", valueName: "arg"))
    var sbatchArg: [String] = []

    @Option(help: "Write the script to this file (executable) instead of standard output.")
    var script: String?

    func validate() throws {
        guard shards >= 1 else { throw ValidationError("--shards must be at least 1, got \(shards)") }
        guard draws > 0 else { throw ValidationError("--draws must be at least 1, got \(draws)") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        // Check the scenario (or spec) and years now, not on the cluster.
        let id: String
        var population: PopulationModel?
        if sweep {
            guard assignments.isEmpty else { throw Diagnostics.fail("--set does not apply to a sweep: its spec names the parameters") }
            do {
                let spec = try SweepSpec.load(path: scenario)
                if counties != nil { population = try ScenarioLoader.load(nameOrPath: spec.scenarioLocation, overrides: []).simulation?.model.population }
            } catch { throw Diagnostics.fail(error.description) }
            id = "sweep-" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
        } else {
            let (loaded, simulation) = try ForecastSetup.load(scenario, set: assignments)
            _ = try ForecastSetup.years(years, horizon: loaded.years)
            id = loaded.id
            population = simulation.model.population
        }
        if let counties, let population {
            do { _ = try CountySelection.indices(of: CountySelection.parse(counties), in: population) } catch {
                throw Diagnostics.fail("--counties \(counties): \(error)", .usage)
            }
        }
        var runArguments: [String] = ["--draws", String(draws), "--seed", String(seed)]
        if let years { runArguments += ["--years", years] }
        for assignment in assignments { runArguments += ["--set", assignment] }
        if noParameterUncertainty { runArguments.append("--no-parameter-uncertainty") }
        if keepDraws { runArguments.append("--keep-draws") }
        if let counties { runArguments += ["--counties", counties] }
        var sbatch: [String] = [partition.map { "--partition=\($0)" }, account.map { "--account=\($0)" }, time.map { "--time=\($0)" },
                                mem.map { "--mem=\($0)" }].compactMap { $0 }
        sbatch += sbatchArg
        let scenarioArgument = sweep || Self.isPath(scenario) ? Self.absolute(scenario) : scenario
        let text = Self.script(SlurmJob(
            fundsim: Self.absolute(fundsim ?? Self.currentExecutable()), command: sweep ? "sweep" : "run",
            scenario: scenarioArgument, scenarioID: id, shards: shards, work: Self.absolute(work), out: Self.absolute(out),
            runArguments: runArguments, threads: threads, jobName: jobName ?? "fundsim-\(id)", sbatch: sbatch,
            programVersion: FundsimVersion.current, commandLine: CommandLine.arguments))
        if let script {
            let url = URL(fileURLWithPath: script)
            do {
                try AtomicFile.write(text, to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            } catch { throw Diagnostics.fail("\(script): \(error)") }
        } else {
            Diagnostics.output(text)
        }
    }

    /// What the script submits.
    struct SlurmJob {
        var fundsim: String
        var command: String
        var scenario: String
        var scenarioID: String
        var shards: Int
        var work: String
        var out: String
        var runArguments: [String]
        var threads: Int
        var jobName: String
        var sbatch: [String]
        var programVersion: String
        var commandLine: [String]
    }

    /// The submission script. Every value is single-quoted when the script is
    /// written; the job scripts go to sbatch through quoted here-documents, so only
    /// `SLURM_ARRAY_TASK_ID` is expanded, by the task itself.
    static func script(_ job: SlurmJob) -> String {
        let q = shellQuoted
        let common = job.sbatch.map(q).joined(separator: " ")
        let extra = common.isEmpty ? "" : " \(common)"
        let shardFolders = (0..<job.shards).map { q("\(job.work)/shard-\($0)") }.joined(separator: " ")
        let runLine = ([q(job.fundsim), job.command, q(job.scenario)] + job.runArguments.map(q)
            + ["--threads", String(job.threads), "--shard", "\"${SLURM_ARRAY_TASK_ID}/\(job.shards)\"",
               "--out", "\(q(job.work + "/shard-"))\"${SLURM_ARRAY_TASK_ID}\"", "--quiet"]).joined(separator: " ")
        return """
        #!/bin/bash
        # Generated by fundsim \(job.programVersion): \(job.commandLine.map(q).joined(separator: " "))
        # Submits \(job.shards) array task(s), each one shard of '\(job.scenarioID)' (fundsim \(job.command) --shard I/\(job.shards)),
        # and a merge job that runs when every task has succeeded. Run it with: bash <this file>
        # Shards: \(job.work)/shard-I, logs: \(job.work)/logs/, merged tables: \(job.out). See Scenarios/SHARDS.md.
        set -euo pipefail
        mkdir -p \(q(job.work + "/logs")) "$(dirname \(q(job.out)))"

        array_job=$(sbatch --parsable --job-name=\(q(job.jobName)) --array=0-\(job.shards - 1) --ntasks=1 --cpus-per-task=\(job.threads)\(extra) \\
            --output=\(q(job.work + "/logs/shard-%a.out")) <<'FUNDSIM_SHARD'
        #!/bin/bash
        set -euo pipefail
        exec \(runLine)
        FUNDSIM_SHARD
        )
        array_job=${array_job%%;*}

        merge_job=$(sbatch --parsable --job-name=\(q(job.jobName + "-merge")) --ntasks=1 --cpus-per-task=1\(extra) \\
            --dependency=afterok:"$array_job" --kill-on-invalid-dep=yes --output=\(q(job.work + "/logs/merge.out")) <<'FUNDSIM_MERGE'
        #!/bin/bash
        set -euo pipefail
        exec \(q(job.fundsim)) merge \(shardFolders) --out \(q(job.out)) --quiet
        FUNDSIM_MERGE
        )
        merge_job=${merge_job%%;*}

        echo "submitted: shards as array job $array_job (tasks 0-\(job.shards - 1)), merge as job $merge_job (after all succeed); output: \(job.out)"

        """
    }

    /// `text` in single quotes for bash (a `'` inside becomes `'\''`).
    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0)) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func isPath(_ scenario: String) -> Bool {
        scenario.contains("/") || scenario.hasSuffix(".yaml") || scenario.hasSuffix(".yml")
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// This program's path.
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
