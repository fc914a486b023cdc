import Foundation
import Testing
import Scenario
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
