import Foundation
import Testing
import FundsimTestSupport

/// `fundsim sweep` end to end on the shrunken Yunnan scenario of ``RunCommandTests``.
@Suite("fundsim sweep")
struct SweepCommandTests {
    static let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"
    static let ratioLine = "ratio: {township: 0.95, county: 0.85, prefecture: 0.70, provincial: 0.70, unit: ratio, source: \"seed 000 measure 2 (upper ends of the ranges)\"}"

    /// CSV rows (no quoted commas in the columns these tests read) after the header, and the header.
    func table(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return (lines[0], Array(lines.dropFirst()))
    }

    func writeSpec(_ text: String, in folder: URL, name: String = "spec.yaml") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a sweep point gives exactly the numbers of `run --set` and of a scenario file with the same values, seed, draws and years")
    func pointEqualsRun() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        // The same scenario with the ratio at 0.90 and the backstop subsidy at 75, written by hand.
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        let edited = text.replacingOccurrences(of: Self.ratioLine, with: Self.ratioLine.replacingOccurrences(of: "county: 0.85", with: "county: 0.90"))
            .replacingOccurrences(of: "backstop: {value: 60, unit: yuan_per_person_year", with: "backstop: {value: 75, unit: yuan_per_person_year")
        #expect(edited.count == text.count)
        #expect(edited != text)
        let variant = folder.appendingPathComponent("variant.yaml").path
        try edited.write(toFile: variant, atomically: true, encoding: .utf8)
        let spec = try writeSpec("""
            sweep:
              scenario: small-yunnan-2017.yaml
              design: grid
              parameters:
                - path: \(Self.ratio)
                  values: [0.85, 0.90]
                - path: fiscal.provincial_subsidies.backstop
                  values: [60, 75]
            """, in: folder)
        let out = folder.appendingPathComponent("sweep").path
        let sweep = try FundsimRunner.run(["sweep", spec, "--draws", "5", "--years", "2017-2018", "--seed", "11", "--out", out, "--quiet"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let run = try FundsimRunner.run(["run", variant, "--draws", "5", "--years", "2017-2018", "--seed", "11",
                                         "--out", folder.appendingPathComponent("run").path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let base = try FundsimRunner.run(["run", scenario, "--draws", "5", "--years", "2017-2018", "--seed", "11",
                                          "--out", folder.appendingPathComponent("base").path, "--quiet"])
        #expect(base.status == 0, "\(base.stderr)")
        let set = try FundsimRunner.run(["run", scenario, "--set", "\(Self.ratio)=0.90", "--set", "fiscal.provincial_subsidies.backstop=75",
                                         "--draws", "5", "--years", "2017-2018", "--seed", "11",
                                         "--out", folder.appendingPathComponent("set").path, "--quiet"])
        #expect(set.status == 0, "\(set.stderr)")
        // Point 3 is (0.90, 75): the hand-edited file and `run --set`; point 0 the base scenario's own values (0.85, 60).
        let swept = try String(contentsOfFile: "\(out)/sweep.csv", encoding: .utf8).split(separator: "\n")
        for (point, values, folderName) in [(3, "0.90,75", "run"), (3, "0.90,75", "set"), (0, "0.85,60", "base")] {
            let forecast = try String(contentsOfFile: folder.appendingPathComponent("\(folderName)/forecast.csv").path, encoding: .utf8)
                .split(separator: "\n").dropFirst().map(String.init)  // sweep.csv has forecast.csv's columns, p95_se and p99_se included
            let rows = swept.filter { $0.hasPrefix("\(point),\(values),") }.map { String($0.dropFirst("\(point),\(values),".count)) }
            #expect(rows.count == forecast.count && rows.count > 1000)
            #expect(rows == forecast, "point \(point)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as! [String: Any]
        let extras = manifest["extras"] as! [String: String]
        #expect(extras["points"] == "4" && extras["simulation_passes"] == "1")
        #expect(try table("\(out)/points.csv").rows == [["0", "0.85", "60"], ["1", "0.85", "75"], ["2", "0.90", "60"], ["3", "0.90", "75"]])
    }

    @Test("rule-only points: total cost identical, basic insurance rises with its ratio, tiers + out-of-pocket = total cost in every draw")
    func ruleOnlyPoints() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = try writeSpec("""
            sweep:
              scenario: small-yunnan-2017.yaml
              design: grid
              parameters:
                - path: \(Self.ratio)
                  values: [0.70, 0.80, 0.90, 1.0]
              outputs:
                items: [basic_insurance, critical_illness, medical_assistance, backstop, out_of_pocket, total_cost]
                region_levels: [province, prefecture]
            """, in: folder)
        let out = folder.appendingPathComponent("sweep").path
        let result = try FundsimRunner.run(["sweep", spec, "--draws", "6", "--years", "2017-2018", "--out", out, "--keep-draws", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let (header, rows) = try table("\(out)/sweep.csv")
        let c = { (name: String) in header.firstIndex(of: name)! }
        func mean(_ point: Int, _ year: String, _ region: String, _ item: String) -> Double {
            Double(rows.first { $0[c("point")] == String(point) && $0[c("year")] == year && $0[c("region_id")] == region && $0[c("item")] == item }![c("mean")])!
        }
        #expect(Set(rows.map { $0[c("region_level")] }) == ["province", "prefecture"])
        for year in ["2017", "2018"] {
            for region in ["yunnan", "kunming", "zhaotong"] {
                let costs = (0..<4).map { mean($0, year, region, "total_cost") }
                #expect(Set(costs).count == 1, "\(year) \(region) \(costs)")
                let basic = (0..<4).map { mean($0, year, region, "basic_insurance") }
                #expect(zip(basic, basic.dropFirst()).allSatisfy { $0 < $1 }, "\(year) \(region) \(basic)")
            }
        }
        // Per draw (draws.csv, one row per point, draw, year and region): the books balance.
        let (drawHeader, draws) = try table("\(out)/draws.csv")
        let d = { (name: String) in drawHeader.firstIndex(of: name)! }
        #expect(draws.count == 4 * 6 * 2 * 17)
        for row in draws {
            let tiers = ["basic_insurance", "critical_illness", "medical_assistance", "backstop"].map { Double(row[d($0)])! }
            let total = Double(row[d("total_cost")])!
            #expect(abs(tiers.reduce(Double(row[d("out_of_pocket")])!, +) - total) <= 0.005 * 4, "\(row[0...3])")
        }
        // The uncertain model parameters as drawn: a column each, the same for every point of a draw.
        #expect(drawHeader.contains("simulation.cost_growth") || drawHeader.contains { $0.hasPrefix("simulation.cost_growth") })
        let growth = drawHeader.firstIndex { $0.hasPrefix("simulation.cost_growth") }!
        let byDraw = Dictionary(grouping: draws, by: { $0[d("draw")] }).mapValues { Set($0.map { $0[growth] }) }
        #expect(byDraw.values.allSatisfy { $0.count == 1 } && Set(byDraw.values.map { $0.first! }).count == 6)
    }

    @Test("one at a time: a tornado per item ranked by |change|, with MC errors; a simulation parameter gets its own pass")
    func tornado() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = try writeSpec("""
            sweep:
              scenario: small-yunnan-2017.yaml
              design: one_at_a_time
              parameters:
                - path: \(Self.ratio)
                  range: {low: 0.80, high: 0.90}
                - path: fiscal.provincial_subsidies.backstop
                  range: {low: 40, high: 80}
                - path: simulation.cost_growth
                  range: {low: 0.02, high: 0.10}
              outputs:
                items: [basic_insurance, total_cost, county_backstop_liability]
                region_levels: [province]
            """, in: folder)
        let out = folder.appendingPathComponent("sweep").path
        let result = try FundsimRunner.run(["sweep", spec, "--draws", "8", "--years", "2020", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as! [String: Any]
        // Base + 2 rule points share one pass; each cost-growth point samples its own claims.
        #expect((manifest["extras"] as! [String: String])["simulation_passes"] == "3")
        let (header, rows) = try table("\(out)/sensitivity.csv")
        let c = { (name: String) in header.firstIndex(of: name)! }
        func row(_ item: String, _ parameter: String) -> [String] { rows.first { $0[c("item")] == item && $0[c("parameter")] == parameter }! }
        #expect(rows.count == 3 * 3)
        // The subsidy moves the liability by exactly −40 yuan × people in every draw: the error is only the
        // spread of the people (births into in-poverty households depend on the drawn exit rates).
        let liability = row("county_backstop_liability", "fiscal.provincial_subsidies.backstop")
        let change = Double(liability[c("change_mean")])!
        #expect(change < 0 && Double(liability[c("change_se")])! <= 0.001 * abs(change))
        // The ratio moves only basic insurance and leaves total cost alone (common random numbers: exactly 0).
        #expect(Double(row("total_cost", Self.ratio)[c("change_mean")])! == 0)
        #expect(Double(row("basic_insurance", Self.ratio)[c("change_mean")])! > 0)
        #expect(Double(row("total_cost", "simulation.cost_growth")[c("change_mean")])! > 0)
        #expect(row("total_cost", "simulation.cost_growth")[c("rank")] == "1")
        for item in ["basic_insurance", "total_cost", "county_backstop_liability"] {
            let changes = rows.filter { $0[c("item")] == item }.sorted { $0[c("rank")] < $1[c("rank")] }.map { abs(Double($0[c("change_mean")])!) }
            #expect(changes == changes.sorted(by: >), "\(item)")
        }
    }

    @Test("sweep outputs carry datapackage.json describing every table by its header; sensitivity.csv has the region and unit columns of sweep.csv")
    func dataPackageAndJoinableSensitivity() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = try writeSpec("""
            sweep:
              scenario: small-yunnan-2017.yaml
              design: one_at_a_time
              parameters:
                - path: \(Self.ratio)
                  range: {low: 0.80, high: 0.90}
                - path: fiscal.provincial_subsidies.backstop
                  range: {low: 40, high: 80}
              outputs:
                items: [basic_insurance, admissions, county_backstop_liability]
                region_levels: [province, county]
            """, in: folder)
        let out = folder.appendingPathComponent("sweep").path
        let result = try FundsimRunner.run(["sweep", spec, "--draws", "3", "--years", "2018", "--keep-draws", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let package = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/datapackage.json"))) as! [String: Any]
        let resources = package["resources"] as! [[String: Any]]
        let csvs = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv") }
        #expect(Set(resources.map { $0["path"] as! String }) == Set(csvs))
        #expect(Set(csvs) == ["points.csv", "sweep.csv", "sensitivity.csv", "draws.csv"])
        var types: [String: [String: String]] = [:]
        for resource in resources {
            let path = resource["path"] as! String
            let fields = (resource["schema"] as! [String: Any])["fields"] as! [[String: Any]]
            #expect(fields.map { $0["name"] as! String } == (try table("\(out)/\(path)").header), "\(path)")
            types[path] = Dictionary(uniqueKeysWithValues: fields.map { ($0["name"] as! String, $0["type"] as! String) })
        }
        #expect(types["points.csv"]?[Self.ratio] == "number" && types["sweep.csv"]?["point"] == "integer")
        #expect(types["sensitivity.csv"]?["low_value"] == "number" && types["draws.csv"]?["admissions"] == "number")
        // Every region column and the unit of sensitivity.csv agree with sweep.csv's row of the same region and item.
        let sweep = try table("\(out)/sweep.csv"), sensitivity = try table("\(out)/sensitivity.csv")
        let joined = ["region_level", "region_id", "region_name", "region_name_zh", "prefecture_id", "item", "unit"]
        let key = { (t: (header: [String], rows: [[String]]), row: [String]) in joined.map { row[t.header.firstIndex(of: $0)!] } }
        let sweepKeys = Set(sweep.rows.map { key(sweep, $0) })
        #expect(sensitivity.rows.count == 2 * sweepKeys.count)
        #expect(sensitivity.rows.allSatisfy { sweepKeys.contains(key(sensitivity, $0)) })
        #expect(sensitivity.rows.contains { key(sensitivity, $0)[1] == "zhaotong.zhenxiong" && key(sensitivity, $0)[4] == "zhaotong"
                                             && key(sensitivity, $0)[3] == "镇雄县" })
        #expect(sensitivity.rows.contains { key(sensitivity, $0)[5] == "admissions" && key(sensitivity, $0)[6] == "claims" })
    }

    @Test("latin hypercube: points.csv holds the sample, sensitivity.csv a PRCC per parameter and item")
    func latinHypercube() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = try writeSpec("""
            sweep:
              scenario: small-yunnan-2017.yaml
              design: latin_hypercube
              samples: 8
              parameters:
                - path: \(Self.ratio)
                  range: {low: 0.70, high: 0.95}
                - path: fiscal.provincial_subsidies.backstop
                  range: {low: 40, high: 80}
              outputs:
                items: [basic_insurance, total_cost, provincial_backstop_subsidy]
                region_levels: [province]
            """, in: folder)
        let out = folder.appendingPathComponent("sweep").path
        let result = try FundsimRunner.run(["sweep", spec, "--draws", "4", "--years", "2017", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let points = try table("\(out)/points.csv").rows
        #expect(points.count == 8)
        let ratios = points.map { Double($0[1])! }
        #expect(Set(ratios.map { Int(($0 - 0.70) / 0.25 * 8) }).count == 8)  // one per stratum
        let (header, rows) = try table("\(out)/sensitivity.csv")
        let c = { (name: String) in header.firstIndex(of: name)! }
        func prcc(_ item: String, _ parameter: String) -> String { rows.first { $0[c("item")] == item && $0[c("parameter")] == parameter }![c("prcc")] }
        #expect(Double(prcc("basic_insurance", Self.ratio))! > 0.9)
        #expect(Double(prcc("provincial_backstop_subsidy", "fiscal.provincial_subsidies.backstop"))! > 0.99)
        #expect(prcc("total_cost", Self.ratio) == "")  // constant across points: undefined, not a number
    }

    @Test("bad specs: unknown path, bad design, missing values, a ratio above 1 → FILE:LINE error and no output", arguments: [
        ("  design: grid\n  parameters:\n    - path: tiers.basic_insurance.rules.no_such_rule.coinsurance.ratio.county\n      values: [0.8]", "spec.yaml:6"),
        ("  design: grdi\n  parameters:\n    - path: \(ratio)\n      values: [0.8]", "spec.yaml:3"),
        ("  design: grid\n  parameters:\n    - path: \(ratio)", "spec.yaml:5"),
        ("  design: grid\n  parameters:\n    - path: \(ratio)\n      values: [0.8, 1.2]", "spec.yaml:6"),
        ("  design: grid\n  parameters:\n    - path: \(ratio)\n      values: [0.8]\n  outputs: {items: [no_such_item]}", "spec.yaml:7"),
    ])
    func badSpecs(body: String, location: String) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try RunCommandTests.smallScenario(in: folder)
        let spec = try writeSpec("sweep:\n  scenario: small-yunnan-2017.yaml\n" + body, in: folder)
        let out = folder.appendingPathComponent("never").path
        let result = try FundsimRunner.run(["sweep", spec, "--draws", "2", "--years", "2017", "--out", out, "--quiet"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(location), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("never") }
        #expect(left.isEmpty)
    }
}
