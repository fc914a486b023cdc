import Foundation
import Testing
import FundsimTestSupport

/// `fundsim compare` samples once and settles twice when both scenarios simulate alike.
@Suite("fundsim compare: shared sampling")
struct CompareSharedSamplingTests {
    @Test("rule-only B: one simulation pass, and B's means are exactly those of `fundsim run B`; a model change gives two passes")
    func sharedPass() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try RunCommandTests.smallScenario(in: folder)
        let text = try String(contentsOfFile: a, encoding: .utf8)
        let ruleOnly = text.replacingOccurrences(of: "target: {value: 0.90, unit: ratio, source: \"seed 000 measure 4",
                                                 with: "target: {value: 0.80, unit: ratio, source: \"seed 000 measure 4")
        let modelChange = text.replacingOccurrences(of: "cost_growth: {value: 0.04,", with: "cost_growth: {value: 0.08,")
        #expect(ruleOnly != text && modelChange != text)
        var passes: [String] = []
        for (name, edited) in [("rule", ruleOnly), ("model", modelChange)] {
            let b = folder.appendingPathComponent("\(name).yaml").path
            try edited.write(toFile: b, atomically: true, encoding: .utf8)
            let out = folder.appendingPathComponent("cmp-\(name)").path
            let result = try FundsimRunner.run(["compare", a, b, "--draws", "4", "--years", "2019", "--out", out, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as! [String: Any]
            passes.append((manifest["extras"] as! [String: String])["simulation_passes"]!)
            let run = folder.appendingPathComponent("run-\(name)").path
            let single = try FundsimRunner.run(["run", b, "--draws", "4", "--years", "2019", "--out", run, "--quiet"])
            #expect(single.status == 0, "\(single.stderr)")
            let forecast = try ForecastCSV(path: "\(run)/forecast.csv")
            let lines = try String(contentsOfFile: "\(out)/comparison.csv", encoding: .utf8).split(separator: "\n")
                .map { ForecastCSV.fields(of: String($0)) }
            let column = { (name: String) in lines[0].firstIndex(of: name)! }
            let (year, region, item, bMean) = (column("year"), column("region_id"), column("item"), column("b_mean"))
            var checked = 0
            for f in lines.dropFirst() {
                guard let mean = forecast.means[ForecastCSV.Key(year: Int(f[year])!, region: f[region], item: f[item])] else { continue }
                // Both tables print the mean with the same formatter: equal text, so equal numbers.
                #expect(Double(f[bMean])! == mean, "\(f)")
                checked += 1
            }
            #expect(checked > 1000)
        }
        #expect(passes == ["1", "2"])
    }
}
