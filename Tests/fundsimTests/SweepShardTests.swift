import Foundation
import Testing
import FundsimTestSupport

/// `fundsim sweep --shard I/N` and `fundsim merge` of sweep shards, on the shrunken Yunnan scenario.
@Suite("fundsim sweep shards and merge")
struct SweepShardTests {
    /// A one-at-a-time spec with a rule parameter (shares the base's simulation pass) and a model
    /// parameter (its own passes), so that records hold several points and passes.
    static let spec = """
        sweep:
          scenario: small-yunnan-2017.yaml
          design: one_at_a_time
          parameters:
            - path: tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county
              range: {low: 0.80, high: 0.90}
            - path: simulation.cost_growth
              range: {low: 0.02, high: 0.10}
          outputs:
            items: [basic_insurance, total_cost, county_backstop_liability]
            region_levels: [province, prefecture]
        """

    static let job = ["--draws", "5", "--years", "2018", "--keep-draws", "--quiet"]

    @Test("merged sweep shards give every table byte-identical to the unsplit sweep for 1, 2, 3 and 7 shards (7 > draws)")
    func mergeEqualsUnsplitSweep() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = folder.appendingPathComponent("spec.yaml").path
        try Self.spec.write(toFile: spec, atomically: true, encoding: .utf8)
        let whole = folder.appendingPathComponent("whole").path
        try ShardCommandTests.succeed(["sweep", spec, "--threads", "2", "--out", whole] + Self.job)
        let expected = try ShardCommandTests.files(whole)
        #expect(Set(expected.keys).isSuperset(of: ["points.csv", "sweep.csv", "sensitivity.csv", "draws.csv", "sweep.yaml", "scenario.yaml"]))
        for n in [1, 2, 3, 7] {
            var shards: [String] = []
            for i in 0..<n {
                let shard = folder.appendingPathComponent("n\(n)-shard-\(i)").path
                try ShardCommandTests.succeed(["sweep", spec, "--threads", "\(1 + i % 2)", "--shard", "\(i)/\(n)", "--out", shard] + Self.job)
                shards.append(shard)
            }
            let merged = folder.appendingPathComponent("merged-\(n)").path
            try ShardCommandTests.succeed(["merge"] + shards.reversed() + ["--out", merged, "--quiet"])
            let got = try ShardCommandTests.files(merged)
            #expect(Set(got.keys) == Set(expected.keys), "\(n) shards")
            for (name, bytes) in expected where name != "manifest.json" {
                #expect(got[name] == bytes, "\(name) differs after merging \(n) sweep shards")
            }
            let manifest = try ShardCommandTests.manifest(got["manifest.json"])
            #expect((manifest["extras"] as? [String: String])?["shards"] == "\(n)")
        }
    }

    @Test("a run shard among sweep shards, or a sweep shard of another spec, is refused naming it")
    func foreignSweepShards() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let spec = folder.appendingPathComponent("spec.yaml").path
        try Self.spec.write(toFile: spec, atomically: true, encoding: .utf8)
        let other = folder.appendingPathComponent("other.yaml").path
        try Self.spec.replacingOccurrences(of: "high: 0.90", with: "high: 0.95").write(toFile: other, atomically: true, encoding: .utf8)
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        for i in 0..<2 { try ShardCommandTests.succeed(["sweep", spec, "--shard", "\(i)/2", "--out", path("s\(i)")] + Self.job) }
        try ShardCommandTests.succeed(["sweep", other, "--shard", "1/2", "--out", path("other")] + Self.job)
        try ShardCommandTests.succeed(["run", scenario, "--shard", "1/2", "--out", path("run")] + Self.job)
        for (shards, message) in [(["s0", "s1", "other"], [path("other"), "foreign shard", "sha256"]),
                                  (["s0", "run", "s1"], [path("run"), "foreign shard", "kind is run"])] {
            let out = path("merged")
            let result = try FundsimRunner.run(["merge"] + shards.map(path) + ["--out", out, "--quiet"])
            #expect(result.status == 2)
            for part in message { #expect(result.stderr.contains(part), "\(shards): \(result.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
