import Foundation
import Testing
import Scenario
@testable import Sweep

/// Spec parsing: every problem names the spec file, its line and the field.
@Suite("Sweep spec")
struct SweepSpecTests {
    static let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"

    @Test("the smallest spec of the issue parses: a grid of three values, everything reported")
    func smallest() throws {
        let spec = try SweepSpec.parse("""
            sweep:
              scenario: yunnan-2017
              design: grid
              parameters:
                - path: \(Self.ratio)
                  values: [0.80, 0.85, 0.90]
            """, file: "s.yaml")
        #expect(spec.design == .grid && spec.scenarioLocation == "yunnan-2017")
        #expect(spec.parameters.map(\.path) == [Self.ratio])
        #expect(spec.parameters[0].values.map(\.text) == ["0.80", "0.85", "0.90"])
        #expect(spec.parameters[0].values.map(\.line) == [6, 6, 6])
        #expect(spec.outputs.items == nil && spec.outputs.regionLevels == nil)
    }

    @Test("bad specs name file, line and field", arguments: [
        // (spec body after `sweep:`, expected line, text the message must contain)
        ("  scenario: yunnan-2017\n  design: grdi\n  parameters: [{path: a, values: [1]}]", 3, "unknown design 'grdi'"),
        ("  scenario: yunnan-2017\n  design: grid\n  parameters:\n    - path: a\n      range: {low: 1, high: 2}", 6, "a grid takes `values"),
        ("  scenario: yunnan-2017\n  design: grid\n  parameters:\n    - path: a", 5, "missing: a grid needs `values"),
        ("  scenario: yunnan-2017\n  design: one_at_a_time\n  parameters:\n    - path: a\n      range: {low: 2, high: 1}", 6, "expected low < high"),
        ("  scenario: yunnan-2017\n  design: latin_hypercube\n  parameters:\n    - path: a\n      range: {low: 1, high: 2}", 3, "needs `samples:`"),
        ("  scenario: yunnan-2017\n  design: grid\n  parameters:\n    - path: a\n      values: [1]\n    - path: a\n      values: [2]", 7, "swept twice"),
        ("  scenario: yunnan-2017\n  design: grid\n  colour: red", 4, "unknown key 'colour'"),
        ("  design: grid", 2, "missing: the base scenario"),
        ("  scenario: yunnan-2017\n  design: grid\n  parameters: [{path: a, values: [1]}]\n  outputs: {region_levels: [country]}", 5, "unknown region level"),
        ("  scenario: yunnan-2017\n  design: grid\n  parameters:\n    - path: a\n      values: []", 6, "non-empty list"),
    ])
    func badSpecs(body: String, line: Int, message: String) {
        do {
            _ = try SweepSpec.parse("sweep:\n" + body, file: "bad.yaml")
            Issue.record("accepted a bad spec")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("a points CSV: columns are paths; a short row or an empty value names the CSV's line")
    func pointsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("s.yaml").path
        try "sweep:\n  scenario: yunnan-2017\n  design: points\n  points: p.csv\n".write(toFile: spec, atomically: true, encoding: .utf8)
        try "point,a,b\n0,1,2\n1,3,4\n".write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let parsed = try SweepSpec.load(path: spec)
        #expect(parsed.parameters.map(\.path) == ["a", "b"])
        #expect(parsed.pointRows.map(\.values) == [["1", "2"], ["3", "4"]])
        #expect(parsed.pointRows.map(\.line) == [2, 3])
        for (csv, line, text) in [("a,b\n1,2\n3\n", 3, "expected 2 fields"), ("a,b\n1,\n", 2, "missing value"), ("a,b\n", 1, "no points")] {
            try csv.write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
            do {
                _ = try SweepSpec.load(path: spec)
                Issue.record("accepted \(csv)")
            } catch {
                #expect(error.file.hasSuffix("p.csv") && error.line == line && error.description.contains(text), "\(error)")
            }
        }
    }
}

@Suite("Sweep designs")
struct SweepDesignTests {
    @Test("Latin hypercube: every stratum of every dimension used exactly once; reproducible from the seed; another seed differs")
    func latinHypercube() {
        let n = 37
        let a = LatinHypercube.unitSamples(count: n, dimensions: 3, seed: 5)
        for j in 0..<3 {
            let strata = a.map { Int($0[j] * Double(n)) }
            #expect(strata.sorted() == Array(0..<n), "dimension \(j)")
        }
        #expect(a == LatinHypercube.unitSamples(count: n, dimensions: 3, seed: 5))
        #expect(a != LatinHypercube.unitSamples(count: n, dimensions: 3, seed: 6))
        // A dimension's column depends only on (seed, n, j): adding a dimension leaves it unchanged.
        let b = LatinHypercube.unitSamples(count: n, dimensions: 2, seed: 5)
        #expect(b.map { $0[0] } == a.map { $0[0] } && b.map { $0[1] } == a.map { $0[1] })
        // The columns are not all the same permutation.
        #expect(a.map { Int($0[0] * Double(n)) } != a.map { Int($0[1] * Double(n)) })
    }

    @Test("grid: every combination, the last parameter fastest; one at a time: base, then low and high per parameter")
    func gridAndOneAtATime() throws {
        let base = try ScenarioLoader.load(nameOrPath: "yunnan-2017")
        let grid = try SweepSpec.parse("""
            sweep:
              scenario: yunnan-2017
              design: grid
              parameters:
                - path: fiscal.provincial_subsidies.backstop
                  values: [50, 70]
                - path: \(SweepSpecTests.ratio)
                  values: [0.8, 0.85, 0.9]
            """, file: "g.yaml")
        let points = try SweepDesign.make(grid, base: base, seed: 1).points
        #expect(points.map(\.values) == [["50", "0.8"], ["50", "0.85"], ["50", "0.9"], ["70", "0.8"], ["70", "0.85"], ["70", "0.9"]])
        #expect(points[4].overrides.map(\.origin) == ["g.yaml:6", "g.yaml:8"])
        let oat = try SweepSpec.parse("""
            sweep:
              scenario: yunnan-2017
              design: one_at_a_time
              parameters:
                - path: fiscal.provincial_subsidies.backstop
                  range: {low: 40, high: 80}
                - path: \(SweepSpecTests.ratio)
                  range: {low: 0.8, high: 0.9}
            """, file: "o.yaml")
        let design = try SweepDesign.make(oat, base: base, seed: 1)
        #expect(design.points.map(\.values) == [["60", "0.85"], ["40", "0.85"], ["80", "0.85"], ["60", "0.8"], ["60", "0.9"]])
        #expect(design.points[0].overrides.isEmpty && design.points[3].overrides.map(\.path) == [SweepSpecTests.ratio])
        guard case .oneAtATime(let pairs) = design.sensitivity else { Issue.record("no tornado"); return }
        #expect(pairs.map(\.low) == [1, 3] && pairs.map(\.high) == [2, 4])
    }
}
