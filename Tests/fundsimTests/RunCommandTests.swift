import Foundation
import Testing
import FundsimTestSupport

/// `fundsim run` end to end on a shrunken copy of the built-in Yunnan scenario
/// (every county's registered poor divided by 2,000, so a debug build runs it in seconds).
@Suite("fundsim run")
struct RunCommandTests {
    /// Writes a shrunken copy of a shipped scenario file into `folder` (every county's
    /// registered poor divided by `divisor`, at least 1; shares such as `welfare_shares.registered_poor`
    /// are left alone) and returns its path.
    static func smallScenario(in folder: URL, file: String = "yunnan-2017", divisor: Int = 2000) throws -> String {
        let source = try String(contentsOf: FundsimRunner.packageRoot.appendingPathComponent("Scenarios/\(file).yaml"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: "registered_poor: ([0-9]+)(?![0-9.])")
        var text = source
        for match in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)).reversed() {
            let range = Range(match.range(at: 1), in: source)!
            let small = max(1, Int(source[range])! / divisor)
            text.replaceSubrange(Range(match.range(at: 1), in: text)!, with: String(small))
        }
        let path = folder.appendingPathComponent("small-\(file).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a run writes every table and a manifest; 1 and 2 threads give byte-identical tables")
    func writesTables() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.smallScenario(in: folder)
        var tables: [String] = []
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("out\(threads)").path
            let result = try FundsimRunner.run(["run", scenario, "--draws", "6", "--years", "2017-2018", "--threads", "\(threads)",
                                                "--out", out, "--keep-draws", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            for file in ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv", "draws.csv", "manifest.json"] {
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file)")
            }
            tables.append(try String(contentsOfFile: "\(out)/forecast.csv", encoding: .utf8)
                          + String(contentsOfFile: "\(out)/county_liability.csv", encoding: .utf8))
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as! [String: Any]
            #expect(manifest["draws"] as? Int == 6)
            #expect((manifest["scenarioSHA256"] as? String)?.count == 64)
        }
        #expect(tables[0] == tables[1])
        #expect(tables[0].hasPrefix("year,region_level,region_id,region_name,region_name_zh,prefecture_id,item,unit,mean,sd,p05,p50,p95,p99,p95_se,p99_se\n"))
        #expect(tables[0].contains(",liability_p95_se,liability_p99_se\n"))
        // forecast.csv: 2 years × (1 province + 16 prefectures + 129 counties) regions × items.
        let rows = tables[0].split(separator: "\n").filter { $0.hasPrefix("2017,") || $0.hasPrefix("2018,") }
        #expect(rows.contains { $0.contains(",county,zhaotong.zhenxiong,") && $0.contains(",county_backstop_liability,") })
    }

    @Test("too few draws for the P99 (fewer than 10 beyond it): a warning on stderr, the run still succeeds")
    func warnsAboutTheP99() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.smallScenario(in: folder, divisor: 20000)
        let result = try FundsimRunner.run(["run", scenario, "--draws", "3", "--years", "2017", "--out", folder.appendingPathComponent("o").path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: 3 draws leave 0.0 draws beyond the P99"))
        #expect(result.stderr.contains("--draws 1000"))
    }

    @Test("bad input: draws ≤ 0 or a scenario without a simulation section gives an error and no output folder", arguments: [
        ["--draws", "0"], ["--draws", "-3"], ["--threads", "0"], ["--years", "2030"],
    ])
    func badInput(arguments: [String]) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("never").path
        let result = try FundsimRunner.run(["run", "--out", out, "--quiet"] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error") || result.stderr.contains("error"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a scenario without a simulation section is refused, with the file named")
    func noSimulationSection() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The Yunnan file cut before its `simulation:` section: a valid scenario for settle and validate.
        let source = try String(contentsOf: FundsimRunner.packageRoot.appendingPathComponent("Scenarios/yunnan-2017.yaml"), encoding: .utf8)
        let cut = try #require(source.range(of: "\nsimulation:\n"))
        let path = folder.appendingPathComponent("no-simulation.yaml").path
        try String(source[..<cut.lowerBound]).appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FundsimRunner.run(["validate", path]).status == 0)
        let out = folder.appendingPathComponent("never").path
        let result = try FundsimRunner.run(["run", path, "--out", out, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-simulation.yaml") && result.stderr.contains("no simulation section"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
