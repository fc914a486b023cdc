import Foundation
import Testing
import FundsimTestSupport

/// `--counties ID[,ID…]` on `run`, `compare`, `capitation`, `sweep` and shards: only those
/// counties run, and because random streams are keyed by (seed, draw, county, year, person)
/// their rows are byte-identical to the full run's.
@Suite("fundsim --counties")
struct CountySelectionCommandTests {
    /// Two counties of different prefectures; Luquan hosts the built-in scenario's capitation pilot.
    static let selected = ["kunming.luquan", "zhaotong.zhenxiong"]
    static let job = ["--draws", "6", "--years", "2017-2018", "--seed", "5", "--quiet"]

    static func succeed(_ arguments: [String]) throws {
        let result = try FundsimRunner.run(arguments)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// The header and the rows of `path` whose `region_id` column is one of `ids`.
    static func rows(_ path: String, regions ids: [String]) throws -> (header: Substring, rows: [Substring]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let column = lines[0].split(separator: ",").firstIndex(of: "region_id")!
        let rows = lines.dropFirst().filter { ids.contains(String($0.split(separator: ",", omittingEmptySubsequences: false)[column])) }
        return (lines[0], Array(rows))
    }

    /// Every row's `region_level` in `path`.
    static func levels(_ path: String) throws -> Set<Substring> {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let column = lines[0].split(separator: ",").firstIndex(of: "region_level")!
        return Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[column] })
    }

    @Test("run --counties: the counties' rows of every table equal the full run's (1 and 2 threads); no prefecture or province rows; the manifest records the selection")
    func countyRowsEqualFullRun() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let full = folder.appendingPathComponent("full").path
        try Self.succeed(["run", scenario, "--threads", "2", "--keep-draws", "--out", full] + Self.job)
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("selected-\(threads)").path
            try Self.succeed(["run", scenario, "--threads", "\(threads)", "--keep-draws", "--counties", Self.selected.joined(separator: ","),
                              "--out", out] + Self.job)
            for table in ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv", "draws.csv", "capitation.csv"] {
                let whole = try Self.rows("\(full)/\(table)", regions: Self.selected)
                let part = try String(contentsOfFile: "\(out)/\(table)", encoding: .utf8).split(separator: "\n")
                #expect(!whole.rows.isEmpty, "\(table)")
                #expect(part[0] == whole.header, "\(table)")
                #expect(Array(part.dropFirst()) == whole.rows, "\(table), \(threads) thread(s)")
            }
            #expect(try Self.levels("\(out)/forecast.csv") == ["county"])
            #expect(try Self.levels("\(full)/forecast.csv") == ["province", "prefecture", "county"])
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as! [String: Any]
            let extras = manifest["extras"] as! [String: String]
            #expect(extras["counties"] == Self.selected.joined(separator: ","))
            let fullExtras = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(full)/manifest.json"))) as! [String: Any])["extras"] as! [String: String]
            #expect(fullExtras["counties"] == nil)
            #expect(Int(extras["registered_poor"]!)! < Int(fullExtras["registered_poor"]!)!)
        }
    }

    @Test("an unknown, repeated or empty county id is a usage error (64) listing the scenario's ids; nothing is written")
    func badIDRefused() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let out = folder.appendingPathComponent("out").path
        for (value, message) in [("kunming.luquan,nosuch", "unknown county 'nosuch'"), ("kunming.luquan,kunming.luquan", "given twice"),
                                 ("kunming.luquan,", "unknown county ''")] {
            for command in [["run", scenario, "--out", out], ["capitation", scenario], ["compare", scenario, scenario, "--out", out]] {
                let result = try FundsimRunner.run(command + ["--counties", value] + Self.job)
                #expect(result.status == 64, "\(command[0]) --counties \(value): \(result.stderr)")
                #expect(result.stderr.contains(message), "\(result.stderr)")
                #expect(result.stderr.contains("its counties are kunming.wuhua, kunming.panlong"), "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out))
            }
        }
    }

    @Test("shards of a --counties run merge into the unsplit --counties tables; compare and capitation accept --counties with the full run's rows")
    func shardsCompareCapitation() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let counties = ["--counties", Self.selected.joined(separator: ",")]
        try Self.succeed(["run", scenario, "--threads", "1", "--out", path("unsplit")] + counties + Self.job)
        for i in 0..<2 { try Self.succeed(["run", scenario, "--threads", "1", "--shard", "\(i)/2", "--out", path("shard\(i)")] + counties + Self.job) }
        // A shard of another selection is another job.
        try Self.succeed(["run", scenario, "--threads", "1", "--shard", "1/2", "--out", path("other"), "--counties", "kunming.luquan"] + Self.job)
        let foreign = try FundsimRunner.run(["merge", path("shard0"), path("other"), "--out", path("bad"), "--quiet"])
        #expect(foreign.status != 0 && foreign.stderr.contains("counties"), "\(foreign.stderr)")
        try Self.succeed(["merge", path("shard0"), path("shard1"), "--out", path("merged"), "--quiet"])
        for table in ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv", "capitation.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(path("merged"))/\(table)"))
                    == Data(contentsOf: URL(fileURLWithPath: "\(path("unsplit"))/\(table)")), "\(table)")
        }

        let reform = ["--set-b", "fiscal.provincial_subsidies.backstop=75"]
        try Self.succeed(["compare", scenario, scenario, "--threads", "2", "--out", path("compare-full")] + reform + Self.job)
        try Self.succeed(["compare", scenario, scenario, "--threads", "1", "--out", path("compare-selected")] + reform + counties + Self.job)
        let whole = try Self.rows("\(path("compare-full"))/comparison.csv", regions: Self.selected)
        let part = try String(contentsOfFile: "\(path("compare-selected"))/comparison.csv", encoding: .utf8).split(separator: "\n")
        #expect(!whole.rows.isEmpty && Array(part.dropFirst()) == whole.rows)

        let all = try FundsimRunner.run(["capitation", scenario] + Self.job)
        let luquan = try FundsimRunner.run(["capitation", scenario, "--counties", "kunming.luquan"] + Self.job)
        #expect(all.status == 0 && luquan.status == 0 && luquan.stdout == all.stdout && all.stdout.contains("luquan"), "\(luquan.stderr)")
        let none = try FundsimRunner.run(["capitation", scenario, "--counties", "zhaotong.zhenxiong"] + Self.job)
        #expect(none.status == 64 && none.stderr.contains("no pilot in --counties zhaotong.zhenxiong"), "\(none.stderr)")
    }

    @Test("slurm-script --counties checks the ids and passes the selection to every shard")
    func slurmScript() throws {
        let ok = try FundsimRunner.run(["slurm-script", "--shards", "2", "--work", "w", "--out", "o", "--counties", "kunming.luquan"])
        #expect(ok.status == 0 && ok.stdout.contains("--counties kunming.luquan"), "\(ok.stderr)")
        let bad = try FundsimRunner.run(["slurm-script", "--shards", "2", "--work", "w", "--out", "o", "--counties", "kunming.nosuch"])
        #expect(bad.status == 64 && bad.stderr.contains("unknown county 'kunming.nosuch'"), "\(bad.stderr)")
    }

    @Test("sweep --counties: the counties' rows of sweep.csv equal the full sweep's")
    func sweep() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = folder.appendingPathComponent("spec.yaml").path
        try """
            sweep:
              scenario: small-yunnan-2017.yaml
              design: grid
              parameters:
                - path: fiscal.provincial_subsidies.backstop
                  values: [60, 75]
            """.write(toFile: spec, atomically: true, encoding: .utf8)
        let full = folder.appendingPathComponent("full").path, part = folder.appendingPathComponent("part").path
        try Self.succeed(["sweep", spec, "--threads", "2", "--out", full] + Self.job)
        try Self.succeed(["sweep", spec, "--threads", "1", "--out", part, "--counties", Self.selected.joined(separator: ",")] + Self.job)
        let whole = try Self.rows("\(full)/sweep.csv", regions: Self.selected)
        let selected = try String(contentsOfFile: "\(part)/sweep.csv", encoding: .utf8).split(separator: "\n")
        #expect(!whole.rows.isEmpty && selected[0] == whole.header && Array(selected.dropFirst()) == whole.rows)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(part)/manifest.json"))) as! [String: Any]
        #expect((manifest["extras"] as! [String: String])["counties"] == Self.selected.joined(separator: ","))
    }
}
