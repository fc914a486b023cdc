import Foundation
import Testing
import Settlement
@testable import Scenario

/// Overlay scenario files: `extends:` a built-in or a relative path, a `set:`
/// block, their own header; errors at the overlay's file and line.
@Suite struct OverlayTests {
    /// A fresh folder with the given files.
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    func loadError(_ path: String) -> ScenarioError? {
        do { _ = try ScenarioLoader.load(nameOrPath: path); return nil } catch { return error }
    }

    static let countyRatio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"

    @Test func anOverlayOfNothingEqualsItsBase() throws {
        let dir = try Self.folder(["same.yaml": "extends: yunnan-2017\nscenario: {id: yunnan-2017, title: \"Yunnan 2017: four-layer protection of the registered poor (四重保障)\"}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let overlay = try ScenarioLoader.load(nameOrPath: dir.appendingPathComponent("same.yaml").path)
        let base = try ScenarioLoader.load(nameOrPath: "yunnan-2017")
        #expect(overlay.plan == base.plan)
        #expect(overlay.fiscal == base.fiscal)
        #expect(overlay.simulation?.model == base.simulation?.model)
        #expect(overlay.capitation == base.capitation)
        #expect(overlay.parameters.map(\.path) == base.parameters.map(\.path))
        #expect(overlay.parameters.map(\.value) == base.parameters.map(\.value))
        #expect(overlay.files.map(\.name) == [dir.appendingPathComponent("same.yaml").path, "builtin:yunnan-2017"])
    }

    @Test func setEqualsTheSameOverride() throws {
        let dir = try Self.folder(["reform.yaml": """
            # A reform: county inpatient ratio 0.90.
            extends: yunnan-2017
            scenario: {id: reform, title: "Yunnan, county ratio 0.90"}
            set:
              \(Self.countyRatio): {value: 0.90, source: "reform proposal"}
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        let overlay = try ScenarioLoader.load(nameOrPath: dir.appendingPathComponent("reform.yaml").path)
        let flagged = try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: [ParameterOverride(path: Self.countyRatio, value: "0.90")])
        #expect(overlay.id == "reform" && overlay.title == "Yunnan, county ratio 0.90")
        #expect(overlay.plan == flagged.plan)
        #expect(overlay.simulation?.model == flagged.simulation?.model)
        #expect(overlay.parameter("tiers[basic_insurance].rules[inpatient_compliant].coinsurance.ratio")?.source.hasSuffix("county: reform proposal") == true)
    }

    @Test func aRatioAboveOneInSetNamesTheOverlayLine() throws {
        let dir = try Self.folder(["bad.yaml": """
            extends: yunnan-2017
            scenario: {id: bad, title: "Bad"}
            set:
              tiers.backstop.rules.compliant_inpatient.top_up.target: {value: 0.9, source: ok}
              \(Self.countyRatio): {value: 1.5, source: "typo"}
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        let e = try #require(loadError(path))
        #expect(e.file == path && e.line == 5, "\(e)")
        #expect(e.message.contains("outside [0, 1]"))
    }

    @Test func anUnknownPathInSetNamesTheOverlayLine() throws {
        let dir = try Self.folder(["bad.yaml": "extends: yunnan-2017\nscenario: {id: bad, title: \"Bad\"}\nset:\n  fiscal.no_such_thing: {value: 1, source: x}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        let e = try #require(loadError(path))
        #expect(e.file == path && e.line == 4 && e.message.contains("no key 'no_such_thing'"), "\(e)")
    }

    @Test func aStringForANumberInSetNamesTheOverlayLine() throws {
        let dir = try Self.folder(["bad.yaml": "extends: yunnan-2017\nscenario: {id: bad, title: \"Bad\"}\nset:\n  simulation.cost_growth: {value: fast, source: x}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        let e = try #require(loadError(path))
        #expect(e.file == path && e.line == 4 && e.message.contains("expected a number"), "\(e)")
    }

    @Test func aSetEntryNeedsASource() throws {
        let dir = try Self.folder(["bad.yaml": "extends: yunnan-2017\nscenario: {id: bad, title: \"Bad\"}\nset:\n  simulation.cost_growth: {value: 0.05, source: null}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(loadError(dir.appendingPathComponent("bad.yaml").path))
        #expect(e.line == 4 && e.message.contains("source"), "\(e)")
    }

    @Test func aCycleOfExtendsNamesTheFiles() throws {
        let dir = try Self.folder(["a.yaml": "extends: b.yaml\nscenario: {id: a, title: A}\n",
                                   "b.yaml": "extends: ./a.yaml\nscenario: {id: b, title: B}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(loadError(dir.appendingPathComponent("a.yaml").path))
        #expect(e.message.contains("cycle") && e.message.contains("a.yaml") && e.message.contains("b.yaml"), "\(e)")
        #expect(e.file.hasSuffix("b.yaml") && e.line == 1)
        let selfCycle = try Self.folder(["s.yaml": "extends: s.yaml\nscenario: {id: s, title: S}\n"])
        defer { try? FileManager.default.removeItem(at: selfCycle) }
        #expect(loadError(selfCycle.appendingPathComponent("s.yaml").path)?.message.contains("cycle") == true)
    }

    @Test func chainsOfRelativeOverlaysResolveFromEachFile() throws {
        let dir = try Self.folder(["base.yaml": "extends: yunnan-2017\nscenario: {id: base, title: Base}\nset:\n  simulation.cost_growth: {value: 0.05, source: x}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "extends: ../base.yaml\nscenario: {id: top, title: Top}\nset:\n  fiscal.provincial_subsidies.backstop: {value: 70, source: y}\n"
            .write(to: sub.appendingPathComponent("top.yaml"), atomically: true, encoding: .utf8)
        let top = try ScenarioLoader.load(nameOrPath: sub.appendingPathComponent("top.yaml").path)
        #expect(top.files.count == 3 && top.files.last?.name == "builtin:yunnan-2017")
        #expect(top.fiscal.provincialSubsidies[.backstop] == Money(fen: 7000))
        let model = try #require(top.simulation?.model)
        #expect(model.parameters.entries[model.costGrowth.index].value == 0.05)
        // The resolved text stands alone: it loads without its chain and gives the same scenario.
        let alone = try ScenarioLoader.load(yaml: top.resolvedText, sourceName: "scenario.yaml")
        #expect(alone.plan == top.plan && alone.fiscal == top.fiscal && alone.simulation?.model == model && alone.id == "top")
    }

    @Test func replaceAndRemoveEditBlocks() throws {
        let dir = try Self.folder(["small.yaml": """
            extends: yunnan-2017
            scenario: {id: small, title: Small, years: {first: 2018, last: 2019}}
            remove: [capitation]
            replace:
              simulation.population.prefectures: [{id: kunming, name: Kunming, chinese_name: 昆明市}]
              simulation.population.counties:
                - {id: kunming.luquan, prefecture: kunming, name: Luquan, chinese_name: 禄劝彝族苗族自治县, registered_poor: 100}
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = try ScenarioLoader.load(nameOrPath: dir.appendingPathComponent("small.yaml").path)
        #expect(small.years == 2018...2019)
        #expect(small.capitation.isEmpty)
        #expect(small.simulation?.model.population.counties.map(\.region.id) == ["kunming.luquan"])
    }

    @Test func anOverlayNeedsItsOwnHeaderAndKnownKeys() throws {
        let dir = try Self.folder(["nohead.yaml": "extends: yunnan-2017\n", "typo.yaml": "extends: yunnan-2017\nscenario: {id: t, title: T}\nsett: {}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(loadError(dir.appendingPathComponent("nohead.yaml").path)?.message.contains("its own scenario") == true)
        let e = try #require(loadError(dir.appendingPathComponent("typo.yaml").path))
        #expect(e.line == 3 && e.message.contains("unknown key 'sett'"))
    }

    @Test(arguments: ["prefecture-2018", "xinbin-2018", "qujiang-2018"])
    func theVariantsAreOverlaysOfYunnan(name: String) throws {
        let scenario = try ScenarioLoader.load(nameOrPath: name)
        #expect(scenario.files.map(\.name) == ["builtin:\(name)", "builtin:yunnan-2017"])
        #expect(scenario.id == name && scenario.capitation.isEmpty)
        #expect(try #require(ScenarioLoader.builtInText(name)).contains("extends: yunnan-2017"))
    }

    @Test func aMissingBaseIsNamedAtTheExtendsLine() throws {
        let dir = try Self.folder(["o.yaml": "scenario: {id: o, title: O}\nextends: nothere.yaml\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(loadError(dir.appendingPathComponent("o.yaml").path))
        #expect(e.line == 2 && e.field == "extends" && e.message.contains("nothere.yaml"), "\(e)")
    }
}
