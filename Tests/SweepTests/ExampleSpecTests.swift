import Foundation
import Testing
import Scenario
@testable import Sweep

/// The example specs under `Scenarios/sweeps/` load, and group their points as their comments say.
@Suite("Example sweep specs")
struct ExampleSpecTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios/sweeps")

    @Test("each example loads; rule-only points share one simulation pass, a cost-growth point gets its own", arguments: [
        ("basic-ratio-grid.yaml", 3, 1), ("tornado.yaml", 7, 3), ("lhs.yaml", 20, 1),
    ])
    func examples(file: String, points: Int, passes: Int) throws {
        let spec = try SweepSpec.load(path: Self.folder.appendingPathComponent(file).path)
        let setup = try SweepSetup(spec: spec, seed: 1, draws: 1, threads: 1, years: [2018], parameterUncertainty: true)
        #expect(setup.design.points.count == points)
        #expect(setup.groups.count == passes)
        #expect(setup.groups.flatMap(\.points).sorted() == Array(0..<points))
    }
}
