import Foundation
import Testing
import FundsimTestSupport

/// `fundsim run --shard I/N`, `fundsim merge` and `fundsim slurm-script` end to end
/// on the shrunken Yunnan scenario (one year, 5 draws: seconds in a debug build).
@Suite("fundsim shards and merge")
struct ShardCommandTests {
    /// The run arguments every shard of the test job shares.
    static let job = ["--draws", "5", "--years", "2018", "--keep-draws", "--quiet"]

    /// Runs fundsim, expecting success.
    static func succeed(_ arguments: [String]) throws {
        let result = try FundsimRunner.run(arguments)
        #expect(result.status == 0, "fundsim \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// The files of a folder and their bytes.
    static func files(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return files
    }

    static func manifest(_ data: Data?) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try #require(data)) as! [String: Any]
    }

    @Test("merged shards give tables byte-identical to the unsplit run for 1, 2, 3 and 7 shards (7 > draws)")
    func mergeEqualsUnsplitRun() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let whole = folder.appendingPathComponent("whole").path
        try Self.succeed(["run", scenario, "--threads", "2", "--out", whole] + Self.job)
        let expected = try Self.files(whole)
        #expect(Set(expected.keys).isSuperset(of: ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv",
                                                    "draws.csv", "capitation.csv", "manifest.json"]))
        for n in [1, 2, 3, 7] {
            var shards: [String] = []
            for i in 0..<n {
                let shard = folder.appendingPathComponent("n\(n)-shard-\(i)").path
                try Self.succeed(["run", scenario, "--threads", "\(1 + i % 2)", "--shard", "\(i)/\(n)", "--out", shard] + Self.job)
                shards.append(shard)
            }
            let merged = folder.appendingPathComponent("merged-\(n)").path
            try Self.succeed(["merge"] + shards.reversed() + ["--out", merged, "--quiet"])
            let got = try Self.files(merged)
            #expect(Set(got.keys) == Set(expected.keys), "\(n) shards")
            for (name, bytes) in expected where name != "manifest.json" {
                #expect(got[name] == bytes, "\(name) differs after merging \(n) shards")
            }
            // The manifest is the unsplit run's but for the documented fields.
            var a = try Self.manifest(expected["manifest.json"]), b = try Self.manifest(got["manifest.json"])
            var extrasA = a["extras"] as! [String: String], extrasB = b["extras"] as! [String: String]
            #expect(extrasA["shards"] == "1" && extrasB["shards"] == "\(n)")
            #expect(extrasB["shard_wall_time_seconds"]?.split(separator: " ").count == n)
            for key in ["shards", "shard_threads", "shard_wall_time_seconds"] { extrasA[key] = nil; extrasB[key] = nil }
            #expect(extrasA == extrasB)
            for key in ["startTime", "wallTimeSeconds", "threads", "commandLine", "extras"] { a[key] = nil; b[key] = nil }
            #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b), "\(a) vs \(b)")
        }
    }

    @Test("a missing, duplicated or foreign shard, or a damaged payload, is refused with a message naming it; nothing is written")
    func refusals() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        for i in 0..<3 {
            try Self.succeed(["run", scenario, "--threads", "1", "--shard", "\(i)/3", "--out", path("s\(i)")] + Self.job)
        }
        try Self.succeed(["run", scenario, "--threads", "1", "--shard", "1/3", "--out", path("foreign"), "--seed", "7"] + Self.job)
        try Self.succeed(["run", scenario, "--threads", "1", "--shard", "1/4", "--out", path("other-count")] + Self.job)
        try FileManager.default.copyItem(atPath: path("s1"), toPath: path("s1-copy"))
        try FileManager.default.copyItem(atPath: path("s2"), toPath: path("damaged"))
        let payload = URL(fileURLWithPath: path("damaged")).appendingPathComponent("units.bin")
        var bytes = try Data(contentsOf: payload)
        bytes[bytes.count - 3] ^= 0x40
        try bytes.write(to: payload)
        let cases: [(shards: [String], message: [String])] = [
            (["s0", "s2"], ["missing shard 1/3 (draws 1..<3)"]),
            (["s0", "s1", "s2", "s1-copy"], ["duplicated shard 1/3", path("s1"), path("s1-copy")]),
            (["s0", "s1", "s1", "s2"], ["\(path("s1")): shard 1/3 given twice"]),
            (["s0", "foreign", "s2"], [path("foreign"), "foreign shard", "seed is 7"]),
            (["s0", "s1", "s2", "other-count"], [path("other-count"), "foreign shard", "shard count is 4"]),
            (["s0", "s1", "damaged"], ["\(path("damaged"))/units.bin", "hash"]),
            (["s0", "s1", path("nowhere")], [path("nowhere"), "no such shard folder"]),
            (["s0", "s1", folder.path], [folder.path, "not a shard folder"]),
        ]
        for (index, test) in cases.enumerated() {
            let out = path("merged-\(index)")
            let result = try FundsimRunner.run(["merge"] + test.shards.map { $0.hasPrefix("/") ? $0 : path($0) } + ["--out", out, "--quiet"])
            #expect(result.status == 2, "\(test.shards)")
            for part in test.message { #expect(result.stderr.contains(part), "\(test.shards): \(result.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: out), "\(test.shards)")
        }
        // The same shards merge once complete.
        try Self.succeed(["merge", path("s0"), path("s1"), path("s2"), "--out", path("merged"), "--quiet"])
    }

    @Test("--shard out of range or malformed is refused", arguments: ["3/3", "-1/3", "0/0", "1", "a/b"])
    func badShard(shard: String) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("never").path
        let result = try FundsimRunner.run(["run", "--shard", shard, "--out", out, "--quiet", "--draws", "2"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("shard"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Runs bash with `arguments`, PATH prefixed by `path`.
    static func bash(_ arguments: [String], path: String? = nil) throws -> FundsimRunner.Result {
        var environment = ProcessInfo.processInfo.environment
        if let path { environment["PATH"] = path + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
        return try FundsimRunner.run(executable: URL(fileURLWithPath: "/bin/bash"), arguments, environment: environment)
    }

    @Test("slurm-script writes an sbatch array of N tasks and a merge job depending on it; bash -n accepts it")
    func slurmScript() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("submit.sh").path
        try Self.succeed(["slurm-script", "yunnan-2017", "--shards", "3", "--draws", "40", "--years", "2018", "--work", folder.appendingPathComponent("work dir").path,
                          "--out", folder.appendingPathComponent("out").path, "--time", "01:00:00", "--sbatch-arg=--qos=long", "--script", script])
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/bash\n"))
        #expect(text.contains("--array=0-2 "))
        #expect(text.contains("--dependency=afterok:\"$array_job\""))
        #expect(text.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""))
        let commands = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(commands.components(separatedBy: "--time=01:00:00").count == 3 && commands.components(separatedBy: "--qos=long").count == 3)
        #expect(text.contains("shard-0' '") && text.contains("shard-2' --out"))
        #expect(FileManager.default.isExecutableFile(atPath: script))
        let check = try Self.bash(["-n", script])
        #expect(check.status == 0, "\(check.stderr)")
        let bad = try FundsimRunner.run(["slurm-script", "--shards", "0", "--work", "w", "--out", "o"])
        #expect(bad.status != 0)
    }

    @Test("slurm-script passes --set to every shard, and with --sweep runs fundsim sweep on the spec's absolute path")
    func slurmScriptSweepAndSet() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"
        let run = try FundsimRunner.run(["slurm-script", "--shards", "2", "--work", "w", "--out", "o", "--set", "\(ratio)=0.9"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(" run yunnan-2017 ") && run.stdout.contains("--set \(ratio)=0.9 "))
        let badSet = try FundsimRunner.run(["slurm-script", "--shards", "2", "--work", "w", "--out", "o", "--set", "no.such.path=1"])
        #expect(badSet.status == 2 && badSet.stderr.contains("no.such.path"))
        let spec = folder.appendingPathComponent("spec.yaml").path
        try "sweep:\n  scenario: yunnan-2017\n  design: grid\n  parameters:\n    - path: \(ratio)\n      values: [0.8, 0.9]\n"
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("submit.sh").path
        try Self.succeed(["slurm-script", "--sweep", spec, "--shards", "4", "--work", "w", "--out", "o", "--script", script])
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.contains(" sweep \(spec) ") && text.contains("--array=0-3 ") && text.contains("fundsim-sweep-spec"))
        #expect(try Self.bash(["-n", script]).status == 0)
        let badSpec = try FundsimRunner.run(["slurm-script", "--sweep", folder.appendingPathComponent("none.yaml").path, "--shards", "2", "--work", "w", "--out", "o"])
        #expect(badSpec.status == 2 && badSpec.stderr.contains("none.yaml"))
    }

    @Test("the slurm script, run against a stand-in sbatch that executes each array task and then the merge, gives the unsplit run's tables")
    func slurmScriptRunsShardsAndMerge() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // Stand-in sbatch: runs the job script from stdin once per array task (or once), records its arguments.
        let sbatch = """
        #!/bin/bash
        set -euo pipefail
        echo "$*" >> "\(folder.path)/sbatch.log"
        script=$(mktemp); cat > "$script"
        array=""; for a in "$@"; do case "$a" in --array=*) array="${a#--array=}";; esac; done
        if [ -n "$array" ]; then
          for i in $(seq "${array%-*}" "${array#*-}"); do SLURM_ARRAY_TASK_ID=$i bash "$script"; done
        else
          bash "$script"
        fi
        echo "4242;cluster"
        """
        try sbatch.write(to: bin.appendingPathComponent("sbatch"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("sbatch").path)
        let script = folder.appendingPathComponent("submit.sh").path
        let out = folder.appendingPathComponent("merged").path
        try Self.succeed(["slurm-script", scenario, "--shards", "2", "--draws", "5", "--years", "2018", "--keep-draws",
                          "--work", folder.appendingPathComponent("work").path, "--out", out,
                          "--fundsim", FundsimRunner.executable.path, "--script", script])
        let submitted = try Self.bash([script], path: bin.path)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("array job 4242") && submitted.stdout.contains("merge as job 4242"))
        let log = try String(contentsOfFile: folder.appendingPathComponent("sbatch.log").path, encoding: .utf8)
        #expect(log.contains("--dependency=afterok:4242"))
        let whole = folder.appendingPathComponent("whole").path
        try Self.succeed(["run", scenario, "--out", whole] + Self.job)
        for name in ["forecast.csv", "county_liability.csv", "population.csv", "draws.csv", "capitation.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(whole)/\(name)")), "\(name)")
        }
    }
}
