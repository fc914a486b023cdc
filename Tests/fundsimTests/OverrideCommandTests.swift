import Foundation
import Testing
import FundsimTestSupport

/// `--set`, overlay files, `scenario.yaml` in output folders, per-county overrides,
/// `fundsim params` and `fundsim scenarios`, end to end on the shrunken Yunnan scenario.
@Suite("overrides and overlays")
struct OverrideCommandTests {
    static let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"
    static let tables = ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv", "capitation.csv"]

    /// Runs `fundsim run` into `folder/name` and returns the result.
    func run(_ scenario: String, _ extra: [String], in folder: URL, name: String) throws -> (FundsimRunner.Result, String) {
        let out = folder.appendingPathComponent(name).path
        let result = try FundsimRunner.run(["run", scenario, "--draws", "4", "--years", "2018", "--out", out, "--quiet"] + extra)
        return (result, out)
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("run --set P=V, an overlay setting P to V, and a run of the first's scenario.yaml give byte-identical tables")
    func setOverlayAndFolderAgree() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try RunCommandTests.smallScenario(in: folder)
        let overlay = folder.appendingPathComponent("reform.yaml")
        try """
            extends: small-yunnan-2017.yaml
            scenario: {id: reform, title: "County ratio 0.90"}
            set:
              \(Self.ratio): {value: 0.90, source: "reform proposal"}
            """.write(to: overlay, atomically: true, encoding: .utf8)
        let (flagged, flaggedOut) = try run(small, ["--set", "\(Self.ratio)=0.90"], in: folder, name: "flagged")
        let (layered, layeredOut) = try run(overlay.path, [], in: folder, name: "layered")
        let (base, baseOut) = try run(small, [], in: folder, name: "base")
        #expect(flagged.status == 0 && layered.status == 0 && base.status == 0, "\(flagged.stderr)\(layered.stderr)\(base.stderr)")
        let (again, againOut) = try run("\(flaggedOut)/scenario.yaml", [], in: folder, name: "again")
        #expect(again.status == 0, "\(again.stderr)")
        for table in Self.tables {
            let reference = try text("\(flaggedOut)/\(table)")
            #expect(reference == (try text("\(layeredOut)/\(table)")), "\(table): overlay differs from --set")
            #expect(reference == (try text("\(againOut)/\(table)")), "\(table): the folder's scenario.yaml does not reproduce the run")
        }
        #expect(try text("\(flaggedOut)/forecast.csv") != (try text("\(baseOut)/forecast.csv")), "the override must change something")
        // The manifest records the chain with SHA-256, the overrides and the resolved hash.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(layeredOut)/manifest.json"))) as! [String: Any]
        let files = try #require(manifest["scenarioFiles"] as? [[String: String]])
        #expect(files.map { $0["name"] ?? "" } == [overlay.path, folder.appendingPathComponent("small-yunnan-2017.yaml").path])
        #expect(files.allSatisfy { $0["sha256"]?.count == 64 })
        let flaggedManifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(flaggedOut)/manifest.json"))) as! [String: Any]
        #expect(flaggedManifest["overrides"] as? [String] == ["\(Self.ratio)=0.90"])
        let baseManifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(baseOut)/manifest.json"))) as! [String: Any]
        #expect(try text("\(baseOut)/scenario.yaml") == (try text(small)), "without overrides scenario.yaml is the file itself")
        #expect(baseManifest["scenarioSHA256"] as? String == (baseManifest["scenarioFiles"] as? [[String: String]])?.first?["sha256"])
    }

    @Test("an overlay of nothing gives its base's tables")
    func emptyOverlayEqualsBase() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try RunCommandTests.smallScenario(in: folder)
        let overlay = folder.appendingPathComponent("same.yaml")
        try "extends: ./small-yunnan-2017.yaml\nscenario: {id: same, title: Same}\n".write(to: overlay, atomically: true, encoding: .utf8)
        let (a, aOut) = try run(small, [], in: folder, name: "a")
        let (b, bOut) = try run(overlay.path, [], in: folder, name: "b")
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        for table in Self.tables { #expect(try text("\(aOut)/\(table)") == (try text("\(bOut)/\(table)")), "\(table)") }
    }

    @Test("bad overrides and overlays: a clear error naming the flag or FILE:LINE, exit 2 (64 for a malformed --set), no output folder", arguments: [
        (["--set", "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratoi.county=0.9"], "--set tiers.basic_insurance", "no key 'ratoi'"),
        (["--set", "tiers.nosuch.rules.inpatient.coinsurance.ratio.county=0.9"], "--set tiers.nosuch", "no item with id 'nosuch'"),
        (["--set", "simulation.cost_growth=fast"], "--set simulation.cost_growth=fast", "expected a number"),
        (["--set", "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county=1.2"], "--set tiers.basic_insurance", "outside [0, 1]"),
        (["--set", "tiers.basic_insurance.rules"], "--set", "PATH=VALUE"),
    ])
    func badSet(arguments: [String], names: String, says: String) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try RunCommandTests.smallScenario(in: folder)
        let (result, out) = try run(small, arguments, in: folder, name: "never")
        // A --set without `=` is a malformed command line (usage, 64); a value the scenario refuses is bad input data (2).
        #expect(result.status == (says == "PATH=VALUE" ? 64 : 2))
        #expect(result.stderr.contains("error: \(names)") && result.stderr.contains(says), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a bad set: entry or a cycle of extends fails at the overlay's file and line, with no output folder", arguments: [
        ("set:\n  tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county: {value: 1.2, source: x}\n", 4, "outside [0, 1]"),
        ("set:\n  tiers.basic_insurance.rules.nosuch.coinsurance.ratio.county: {value: 0.9, source: x}\n", 4, "no item with id 'nosuch'"),
        ("set:\n  simulation.cost_growth: {value: fast, source: x}\n", 4, "expected a number"),
    ])
    func badOverlay(body: String, line: Int, says: String) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let overlay = folder.appendingPathComponent("bad.yaml")
        try ("extends: small-yunnan-2017.yaml\nscenario: {id: bad, title: Bad}\n" + body).write(to: overlay, atomically: true, encoding: .utf8)
        let (result, out) = try run(overlay.path, [], in: folder, name: "never")
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: \(overlay.path):\(line): ") && result.stderr.contains(says), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a cycle of extends is refused naming the files")
    func cycle() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "extends: b.yaml\nscenario: {id: a, title: A}\n".write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "extends: a.yaml\nscenario: {id: b, title: B}\n".write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let (result, out) = try run(folder.appendingPathComponent("a.yaml").path, [], in: folder, name: "never")
        #expect(result.status == 2)
        #expect(result.stderr.contains("b.yaml:1: extends: a cycle of extends") && result.stderr.contains("a.yaml →"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a per-county override changes that county's rows only (and the sums over it)")
    func perCountyOverride() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try RunCommandTests.smallScenario(in: folder, divisor: 500)
        let (base, baseOut) = try run(small, [], in: folder, name: "base")
        // Households are drawn from the province's size distribution (no per-county household override);
        // more admissions change the county's admissions.
        let (changed, changedOut) = try run(small, ["--set", "simulation.county_overrides.kunming.luquan.inpatient.admissions_per_year.adults=0.4"],
                                            in: folder, name: "changed")
        #expect(base.status == 0 && changed.status == 0, "\(base.stderr)\(changed.stderr)")
        func rows(_ path: String) throws -> [String: String] {
            let lines = try text(path).split(separator: "\n").map(String.init)
            let header = ForecastCSV.fields(of: lines[0])
            let (level, id, item) = (header.firstIndex(of: "region_level")!, header.firstIndex(of: "region_id")!, header.firstIndex(of: "item")!)
            var byKey: [String: String] = [:]
            for line in lines.dropFirst() {
                let f = ForecastCSV.fields(of: line)
                byKey["\(f[0]),\(f[level]),\(f[id]),\(f[item])"] = line
            }
            return byKey
        }
        let before = try rows("\(baseOut)/forecast.csv"), after = try rows("\(changedOut)/forecast.csv")
        #expect(before.keys.sorted() == after.keys.sorted())
        var changedKeys: [String] = []
        for (key, line) in before where after[key] != line { changedKeys.append(key) }
        #expect(changedKeys.contains("2018,county,kunming.luquan,total_cost"))
        #expect(changedKeys.contains("2018,county,kunming.luquan,admissions"))
        #expect(changedKeys.contains("2018,prefecture,kunming,total_cost") && changedKeys.contains("2018,province,yunnan,total_cost"))
        let elsewhere = changedKeys.filter { $0.contains(",county,") && !$0.contains(",kunming.luquan,") }
        #expect(elsewhere.isEmpty, "other counties changed: \(elsewhere.prefix(5))")
        let otherPrefectures = changedKeys.filter { $0.contains(",prefecture,") && !$0.contains(",kunming,") }
        #expect(otherPrefectures.isEmpty, "\(otherPrefectures.prefix(5))")
    }

    @Test("compare: --set applies to both scenarios, --set-b to B only")
    func compareSetB() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try RunCommandTests.smallScenario(in: folder)
        let out = folder.appendingPathComponent("cmp").path
        let result = try FundsimRunner.run(["compare", small, small, "--draws", "3", "--years", "2018", "--out", out, "--quiet",
                                            "--set", "simulation.cost_growth=0.05", "--set-b", "\(Self.ratio)=0.95"])
        #expect(result.status == 0, "\(result.stderr)")
        let a = try text("\(out)/scenario-a.yaml"), b = try text("\(out)/scenario-b.yaml")
        #expect(a.contains("0.05") && !a.contains("county: --set") && b.contains("county: --set"))
        let rows = try text("\(out)/comparison.csv").split(separator: "\n").map { ForecastCSV.fields(of: String($0)) }
        let header = rows[0]
        let (id, item, mean) = (header.firstIndex(of: "region_id")!, header.firstIndex(of: "item")!, header.firstIndex(of: "difference_mean") ?? 7)
        let basic = try #require(rows.first { $0[id] == "yunnan" && $0[item] == "basic_insurance" })
        #expect(Double(basic[mean])! > 0, "a higher county ratio makes basic insurance pay more")
        let cost = try #require(rows.first { $0[id] == "yunnan" && $0[item] == "total_cost" })
        #expect(Double(cost[mean])! == 0, "common random numbers: the same claims")
    }

    @Test("params lists every path; --grep and --format csv")
    func params() throws {
        let all = try FundsimRunner.run(["params", "--format", "csv"])
        #expect(all.status == 0)
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.first == "path,value,unit,source")
        #expect(lines.count > 500)
        #expect(lines.contains { $0.hasPrefix("\(Self.ratio),0.85,ratio,") })
        let grep = try FundsimRunner.run(["params", "--grep", "luquan.registered", "--format", "csv"])
        #expect(grep.stdout.split(separator: "\n").count == 2 && grep.stdout.contains("simulation.population.counties.kunming.luquan.registered_poor,37775,people,"))
        let bad = try FundsimRunner.run(["params", "--set", "x.y=1"])
        #expect(bad.status == 2 && bad.stderr.contains("no key 'x'"))
    }

    @Test("scenarios lists the built-ins; export writes one that loads, and refuses to overwrite")
    func scenarios() throws {
        let list = try FundsimRunner.run(["scenarios"])
        #expect(list.status == 0)
        for name in ["yunnan-2017", "prefecture-2018", "xinbin-2018", "qujiang-2018"] { #expect(list.stdout.contains(name)) }
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mine.yaml").path
        let export = try FundsimRunner.run(["scenarios", "export", "yunnan-2017", file])
        #expect(export.status == 0, "\(export.stderr)")
        let shipped = try text(FundsimRunner.packageRoot.appendingPathComponent("Scenarios/yunnan-2017.yaml").path)
        #expect(try text(file) == shipped)
        let again = try FundsimRunner.run(["scenarios", "export", "yunnan-2017", file])
        #expect(again.status == 4 && again.stderr.contains("--force"))  // cannot write output (README, "Exit status")
        let validate = try FundsimRunner.run(["validate", file])
        #expect(validate.status == 0)
        let stdout = try FundsimRunner.run(["scenarios", "export", "xinbin-2018", "-", "--resolved"])
        #expect(stdout.status == 0 && stdout.stdout.contains("xinbin-2018") && !stdout.stdout.contains("extends:"))
    }
}
