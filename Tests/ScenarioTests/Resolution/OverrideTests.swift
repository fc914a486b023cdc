import Foundation
import Testing
import Settlement
@testable import Scenario

/// `--set PATH=VALUE` and sweep points: applied to the document before parsing,
/// so every check applies; errors name the path and the flag (or FILE:LINE).
@Suite struct OverrideTests {
    static let countyRatio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"

    func load(_ overrides: [ParameterOverride], name: String = "yunnan-2017") throws -> Scenario {
        try ScenarioLoader.load(nameOrPath: name, overrides: overrides)
    }

    func error(_ overrides: [ParameterOverride], name: String = "yunnan-2017") -> ScenarioError? {
        do { _ = try load(overrides, name: name); return nil } catch let e as ScenarioError { return e } catch { return nil }
    }

    @Test func setsOneLevelOfARatioTable() throws {
        let scenario = try load([ParameterOverride(path: Self.countyRatio, value: "0.90")])
        let rule = try #require(scenario.tier("basic_insurance")?.rules.first { $0.id == "inpatient_compliant" })
        guard case .coinsurance(let c) = rule.formula else { Issue.record("not coinsurance"); return }
        #expect(c.ratio.county == Rate(ppm: 900_000))
        #expect(c.ratio.township == Rate(ppm: 950_000), "the other levels keep their values")
        // The resolved text records the change and its origin in the source; reloading it gives the same plan.
        #expect(scenario.resolvedText != ScenarioLoader.builtInText("yunnan-2017"))
        #expect(scenario.resolvedText.contains("county: --set"))
        let again = try ScenarioLoader.load(yaml: scenario.resolvedText, sourceName: "resolved.yaml")
        #expect(again.plan == scenario.plan)
        #expect(again.fiscal == scenario.fiscal)
        #expect(again.simulation?.model == scenario.simulation?.model)
        #expect(again.resolvedText == scenario.resolvedText, "a resolved text is its own resolution")
    }

    @Test(arguments: ScenarioLoader.builtInNames)
    func theResolvedTextOfEveryBuiltInReloadsToTheSameScenario(name: String) throws {
        let base = try load([], name: name)
        // An override to the value it already has: the tree is written out as YAML.
        let scenario = try load([ParameterOverride(path: "scenario.years.first", value: String(base.years.lowerBound))], name: name)
        #expect(scenario.resolvedText != ScenarioLoader.builtInText(name))
        let again = try ScenarioLoader.load(yaml: scenario.resolvedText, sourceName: "scenario.yaml")
        #expect(again.id == base.id && again.title == base.title && again.years == base.years && again.notes == base.notes)
        #expect(again.plan == base.plan && again.fiscal == base.fiscal && again.capitation == base.capitation)
        #expect(again.simulation?.model == base.simulation?.model)
        #expect(again.simulation?.provinceName == base.simulation?.provinceName)
        #expect(again.parameters.map(\.path) == base.parameters.map(\.path))
        #expect(again.parameters.map(\.value) == base.parameters.map(\.value))
        #expect(again.parameters.map(\.source) == base.parameters.map(\.source))
    }

    @Test func noOverridesKeepTheFileText() throws {
        let scenario = try load([])
        #expect(scenario.resolvedText == ScenarioLoader.builtInText("yunnan-2017"))
        #expect(scenario.files.map(\.name) == ["builtin:yunnan-2017"])
        #expect(scenario.files[0].sha256.count == 64)
    }

    @Test func aPathEndingAtAQuantitySetsItsValue() throws {
        let scenario = try load([ParameterOverride(path: "fiscal.provincial_subsidies.backstop", value: "75", source: "reform proposal")])
        #expect(scenario.fiscal.provincialSubsidies[.backstop] == Money(fen: 7500))
        #expect(scenario.parameter("fiscal.provincial_subsidies.backstop")?.source == "reform proposal")
    }

    @Test func byYearEntriesAreSegments() throws {
        let scenario = try load([ParameterOverride(path: "tiers.backstop.out_of_pocket_limit.line.by_year.2018", value: "10000")])
        #expect(scenario.tier("backstop")?.outOfPocketLimit?.line[2018] == Money(fen: 1_000_000))
        #expect(scenario.tier("backstop")?.outOfPocketLimit?.line[2017] == Money(fen: 902_000))
    }

    @Test func dottedCountyIdsResolveByLongestMatchOrQuotes() throws {
        for path in ["simulation.population.counties.kunming.luquan.registered_poor",
                     "simulation.population.counties.\"kunming.luquan\".registered_poor"] {
            let scenario = try load([ParameterOverride(path: path, value: "40000")])
            let county = try #require(scenario.simulation?.model.population.counties.first { $0.region.id == "kunming.luquan" })
            #expect(county.registeredPoor == 40000)
        }
    }

    @Test func laterOverridesWin() throws {
        let scenario = try load([ParameterOverride(path: "simulation.cost_growth", value: "0.05"),
                                 ParameterOverride(path: "simulation.cost_growth", value: "0.07")])
        let model = try #require(scenario.simulation?.model)
        #expect(model.parameters.entries[model.costGrowth.index].value == 0.07)
    }

    @Test func unknownPathNamesTheFlagAndTheKeysThere() throws {
        let e = try #require(error([ParameterOverride(path: "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratoi.county", value: "0.9")]))
        #expect(e.file.hasPrefix("--set tiers.basic_insurance"))
        #expect(e.message.contains("no key 'ratoi'") && e.message.contains("ratio"))
        #expect(e.description.hasPrefix("--set "))
    }

    @Test func aListWithoutThatIdNamesTheIds() throws {
        let e = try #require(error([ParameterOverride(path: "tiers.basic.rules.inpatient.coinsurance.ratio.county", value: "0.9")]))
        #expect(e.message.contains("no item with id 'basic'") && e.message.contains("basic_insurance"))
    }

    @Test func aStringForANumberIsRefusedByTheLoadersCheck() throws {
        let e = try #require(error([ParameterOverride(path: Self.countyRatio, value: "high")]))
        #expect(e.file == "--set \(Self.countyRatio)=high")
        #expect(e.message.contains("expected a number"))
        #expect(e.field.contains("ratio.county"))
    }

    @Test func aRatioAboveOneIsRefused() throws {
        let e = try #require(error([ParameterOverride(path: Self.countyRatio, value: "1.2")]))
        #expect(e.file == "--set \(Self.countyRatio)=1.2")
        #expect(e.message.contains("outside [0, 1]"))
    }

    @Test func aTableNeedsAnEntry() throws {
        let e = try #require(error([ParameterOverride(path: "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio", value: "0.9")]))
        #expect(e.message.contains("is a table") && e.message.contains("ratio.county"))
    }

    @Test func aSweepOriginPointsAtItsFileAndLine() throws {
        let e = try #require(error([ParameterOverride(path: Self.countyRatio, value: "2", origin: "sweep.yaml:7")]))
        #expect(e.file == "sweep.yaml" && e.line == 7)
    }

    @Test func parseSplitsAtTheFirstEquals() throws {
        let o = try ParameterOverride.parse("a.b = 0.9")
        #expect(o.path == "a.b" && o.value == "0.9" && o.origin == "--set")
        #expect(throws: ScenarioError.self) { try ParameterOverride.parse("a.b") }
        #expect(throws: ScenarioError.self) { try ParameterOverride.parse("=1") }
    }
}
