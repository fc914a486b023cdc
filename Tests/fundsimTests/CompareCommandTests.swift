import Foundation
import Testing
import FundsimTestSupport

/// `fundsim compare` on the shrunken Yunnan scenario of ``RunCommandTests``.
@Suite("fundsim compare")
struct CompareCommandTests {
    /// The rows of a CSV file as column name → value.
    func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { ForecastCSV.fields(of: String($0)) }
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test("a scenario compared with itself gives exactly zero differences")
    func selfComparisonIsZero() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let out = folder.appendingPathComponent("self").path
        let result = try FundsimRunner.run(["compare", scenario, scenario, "--draws", "5", "--years", "2017-2018", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let table = try rows("\(out)/comparison.csv")
        #expect(table.count > 1000)
        for row in table {
            #expect(row["a_mean"] == row["b_mean"])
            #expect(["mean", "sd", "p05", "p50", "p95"].allSatisfy { row["difference_\($0)"] == "0.000000" }, "\(row)")
        }
    }

    @Test("the prefecture's 2:8 split moves premium subsidy to counties; claims are common random numbers")
    func twoToEightSplit() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try RunCommandTests.smallScenario(in: folder)
        let text = try String(contentsOfFile: a, encoding: .utf8)
        let b = folder.appendingPathComponent("two-to-eight.yaml").path
        let edited = text.replacingOccurrences(of: "prefecture_share_of_rest: {value: 1, unit: ratio",
                                               with: "prefecture_share_of_rest: {value: 0.2, unit: ratio")
        #expect(edited != text)
        try edited.write(toFile: b, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("cmp").path
        let result = try FundsimRunner.run(["compare", a, b, "--draws", "4", "--years", "2017", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let province = try rows("\(out)/comparison.csv").filter { $0["region_level"] == "province" }
        func difference(_ item: String) -> Double { Double(province.first { $0["item"] == item }!["difference_mean"]!)! }
        #expect(difference("premium_subsidy_county") > 0)
        #expect(abs(difference("premium_subsidy_county") + difference("premium_subsidy_prefecture")) < 0.01)
        #expect(difference("basic_insurance") == 0)   // the same claims on both sides
        #expect(difference("backstop") == 0)
    }

    @Test("scenarios without a shared year are refused")
    func noSharedYear() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try FundsimRunner.run(["compare", "yunnan-2017", "yunnan-2017", "--years", "2031", "--out", folder.appendingPathComponent("x").path, "--quiet"])
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }
}
