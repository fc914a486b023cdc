import Foundation
import Testing
import FundsimTestSupport

/// `fundsim run --keep-draws` keeps the drawn values of the uncertain parameters.
@Suite("fundsim run: parameter draws")
struct ParameterDrawsTests {
    @Test("parameter_draws.csv: one row per draw, a column per uncertain parameter, drawn anew each draw; point values without uncertainty")
    func parameterDraws() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        func table(_ extra: [String]) throws -> (header: [String], rows: [[String]]) {
            let out = folder.appendingPathComponent("out\(extra.count)").path
            let result = try FundsimRunner.run(["run", scenario, "--draws", "4", "--years", "2017", "--out", out, "--keep-draws", "--quiet"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try String(contentsOfFile: "\(out)/parameter_draws.csv", encoding: .utf8).split(separator: "\n")
            return (lines[0].split(separator: ",").map(String.init), lines.dropFirst().map { $0.split(separator: ",").map(String.init) })
        }
        let drawn = try table([])
        #expect(drawn.rows.map { $0[0] } == ["0", "1", "2", "3"])
        let growth = try #require(drawn.header.firstIndex { $0.hasPrefix("simulation.cost_growth") })
        #expect(drawn.header.count > 5)
        // cost_growth is uniform on 0.04 ± 50%: four different values inside [0.02, 0.06].
        let values = drawn.rows.map { Double($0[growth])! }
        #expect(Set(values).count == 4 && values.allSatisfy { (0.02...0.06).contains($0) })
        let fixed = try table(["--no-parameter-uncertainty"])
        #expect(fixed.header == drawn.header)
        #expect(fixed.rows.allSatisfy { Double($0[growth]) == 0.04 })
    }
}
