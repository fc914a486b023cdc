import Foundation
import Testing
import Scenario
import Simulation
@testable import Calibration

/// A base without a cohort projection lets a county have its own in-poverty
/// share by year: fitted for the roster's years, base × the pooled ratio for
/// the others; the overlay of such a base loads.
@Suite("Base without a cohort")
struct NoCohortBaseTests {
    /// yunnan-2017 without `cohort:` and without the conditions' links to its states.
    static func baseText() -> String {
        let text = ScenarioLoader.builtInText("yunnan-2017")!
        var lines: [Substring] = []
        var inCohort = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  cohort:" { inCohort = true; continue }
            if inCohort && (line.hasPrefix("# ") || line.hasPrefix("capitation:")) { inCohort = false }
            if inCohort { continue }
            if line.hasPrefix("      state: ") || line.hasPrefix("      basis: ") { continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: "id: yunnan-2017\n", with: "id: yunnan-2017-static\n")
    }

    @Test func inPovertyShareIsFittedByYear() throws {
        let folder = TemporaryFolder()
        let basePath = folder.write("static.yaml", Self.baseText())
        let scenario = try ScenarioLoader.load(nameOrPath: basePath)
        #expect(scenario.simulation?.model.cohort == nil)
        let base = try BaseModel(scenario: scenario, countyID: "kunming.luquan")
        let extract = SyntheticCounty.extract(people: 3000, seed: 3, replicate: 0, year: 2018)
        let result = try CountyCalibration.fit(extract, base: base)
        let share = try #require(result.quantities.first { $0.path == "population.in_poverty_share" })
        #expect(share.shape == .byYear && share.keys == ["2017", "2018", "2019", "2020"])
        #expect(share.fellBack == [true, false, true, true])
        let poor = extract.personYears.filter { $0.povertyStatus == .inPoverty }.count
        #expect(abs(share.values[1] - Double(poor) / 3000) < 1e-12)
        let baseShares = [2017, 2018, 2019, 2020].map { base.value(base.model.population.inPovertyShare[$0]!) }
        let ratio = Double(poor) / (baseShares[1] * 3000)
        #expect(abs(share.values[3] - min(1, baseShares[3] * ratio)) < 1e-12)
        #expect(share.source.contains("2017, 2019, 2020: fewer than 30 person-years, so base value × "))
        // The overlay of this base loads, with the county's share by year.
        let writer = OverlayWriter(result: result, extends: "./static.yaml", baseTitle: scenario.title, baseHasCountyOverrides: false,
                                   baseHasCohort: false, programVersion: "test")
        let overlay = folder.url.appendingPathComponent("fitted.yaml")
        try writer.write(to: overlay)
        let loaded = try ScenarioLoader.load(nameOrPath: overlay.path)
        let parameter = try #require(loaded.parameters.first { $0.path.hasSuffix("county_overrides.kunming.luquan.population.in_poverty_share") })
        #expect(parameter.source.contains("fitted from roster.csv (sha256 ") && !parameter.source.contains("claims.csv"))
        #expect(writer.text.contains("in_poverty_share: {by_year: {2017: "))
    }
}

/// A base that already overrides counties: the overlay replaces only the fitted
/// county's block, keeps that county's cost growth (costs were deflated with it),
/// names the overrides it replaces, and leaves other counties' overrides alone.
@Suite("Base with county overrides")
struct CountyOverridesBaseTests {
    @Test func onlyTheCountysBlockIsReplaced() throws {
        let folder = TemporaryFolder()
        let basePath = folder.write("base.yaml", """
            extends: yunnan-2017
            scenario: {id: with-overrides, title: "t"}
            replace:
              simulation.county_overrides:
                kunming.luquan:
                  cost_growth: {value: 0.08, unit: per_year, source: "luquan prices", uncertainty: {distribution: uniform, half_width: 0.25}}
                  inpatient: {compliant_in_county: {value: 0.6, unit: probability, source: "z"}}
                kunming.wuhua:
                  inpatient: {compliant_in_county: {value: 0.5, unit: probability, source: "y"}}

            """)
        let scenario = try ScenarioLoader.load(nameOrPath: basePath)
        let base = try BaseModel(scenario: scenario, countyID: "kunming.luquan")
        #expect(base.costGrowth == 0.08)
        let result = try CountyCalibration.fit(SyntheticCounty.extract(people: 2000, seed: 4, replicate: 0), base: base)
        #expect(result.keptCostGrowth?.value == 0.08)
        #expect(result.replacedOverrides.count == 1 && result.replacedOverrides[0].hasSuffix("compliant_in_county"))
        let writer = OverlayWriter(result: result, extends: "./base.yaml", baseTitle: scenario.title,
                                   baseHasCountyOverrides: !base.model.countyOverrides.isEmpty, baseHasCohort: true, programVersion: "test")
        #expect(writer.text.contains("replace:\n  \"simulation.county_overrides.\\\"kunming.luquan\\\"\":\n"))
        #expect(writer.text.contains("revert to the province's: "))
        let overlay = folder.url.appendingPathComponent("fitted.yaml")
        try writer.write(to: overlay)
        let loaded = try ScenarioLoader.load(nameOrPath: overlay.path)
        let model = try #require(loaded.simulation?.model)
        let luquan = try #require(model.population.counties.firstIndex { $0.region.id == "kunming.luquan" })
        let wuhua = try #require(model.population.counties.firstIndex { $0.region.id == "kunming.wuhua" })
        let value = { (county: Int, id: ParameterID) in model.parameters.entries[(model.countyOverrides[county]?[id] ?? id).index] }
        #expect(value(luquan, model.costGrowth).value == 0.08)
        #expect(value(luquan, model.costGrowth).distribution == .uniform(low: 0.06, high: 0.1))
        #expect(value(wuhua, model.inpatient.compliantInCounty).value == 0.5)
        #expect(value(luquan, model.inpatient.compliantInCounty).source.hasPrefix("fitted from claims.csv"))
    }
}
