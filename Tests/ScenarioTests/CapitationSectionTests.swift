import Testing
@testable import Scenario
import Settlement
import Simulation

/// The `capitation:` section: the default Yunnan pilot loads as documented, and
/// a broken pilot fails with the file, line and field of the mistake.
@Suite struct CapitationSectionTests {
    static let yunnan = ScenarioLoader.builtInText("yunnan-2017")!

    /// The built-in text with the first line containing `marker` replaced; returns the text and that 1-based line.
    static func replacing(_ marker: String, with text: String) -> (yaml: String, line: Int) {
        var lines = yunnan.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let i = lines.firstIndex { $0.contains(marker) }!
        lines[i] = text
        return (lines.joined(separator: "\n"), i + 1)
    }

    func failure(_ yaml: String) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, sourceName: "bad.yaml")
            Issue.record("expected a ScenarioError")
            return nil
        } catch { return error }
    }

    @Test("the default pilot: Luquan, all registered poor, four tiers and the family-doctor fee pooled, a 5%/half corridor")
    func defaultPilot() throws {
        let scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017")
        #expect(scenario.capitation.count == 1)
        let pilot = try #require(scenario.capitation.first)
        #expect(pilot.id == "luquan-alliance" && pilot.countyID == "kunming.luquan" && pilot.share == 1)
        #expect(scenario.simulation!.model.population.counties[pilot.county].region.id == "kunming.luquan")
        #expect(pilot.pooledTiers == [0, 1, 2, 3] && pilot.poolsFamilyDoctor)
        #expect(pilot.rate(year: 2017) == Money(yuan: 1043 + 18 + 84 + 90 + 36))
        #expect(pilot.riskCorridor == RiskCorridor(deficitThreshold: Rate(exactly: 0.05)!, countyShare: Rate(exactly: 0.5)!))
    }

    @Test("an unknown county is reported at its line")
    func unknownCounty() {
        let (yaml, line) = Self.replacing("county: kunming.luquan", with: "    county: kunming.atlantis")
        let e = failure(yaml)
        #expect(e?.file == "bad.yaml" && e?.line == line)
        #expect(e?.field == "capitation[luquan-alliance].county")
        #expect(e?.message.contains("unknown county 'kunming.atlantis'") == true)
    }

    @Test("an unknown tier id among the pooled funds is reported at its line")
    func unknownTier() {
        let (yaml, line) = Self.replacing("critical_illness: {by_year: {2017: 18",
                                          with: "      critical_illnes: {value: 17, unit: yuan_per_person_year, source: assumed}")
        let e = failure(yaml)
        #expect(e?.line == line)
        #expect(e?.field == "capitation[luquan-alliance].pooled_funds.critical_illnes")
        #expect(e?.message.contains("unknown fund 'critical_illnes'") == true)
    }

    @Test("a share outside [0, 1] is reported at its line")
    func shareOutOfRange() {
        let (yaml, line) = Self.replacing("share: {value: 1, unit: share", with: "    share: {value: 1.5, unit: share, source: assumed}")
        let e = failure(yaml)
        #expect(e?.line == line)
        #expect(e?.field == "capitation[luquan-alliance].share.value")
        #expect(e?.message.contains("outside [0, 1]") == true)
    }

    @Test("a per-capita amount must cover every year and carry its unit")
    func amountShape() {
        let (missingYear, line) = Self.replacing("medical_assistance: {by_year: {2017: 84",
                                                 with: "      medical_assistance: {by_year: {2017: 75}, unit: yuan_per_person_year, source: assumed}")
        let e = failure(missingYear)
        #expect(e?.line == line && e?.message.contains("no value for 2018") == true)
        let (wrongUnit, unitLine) = Self.replacing("backstop: {by_year: {2017: 90",
                                                   with: "      backstop: {value: 80, unit: yuan, source: assumed}")
        let u = failure(wrongUnit)
        #expect(u?.line == unitLine && u?.message.contains("expected unit: yuan_per_person_year") == true)
    }

    @Test("a corridor that takes all the risk away is refused")
    func corridorWithoutRisk() {
        var (yaml, _) = Self.replacing("deficit_threshold: {value: 0.05", with: "      deficit_threshold: {value: 0, unit: ratio, source: assumed}")
        yaml = yaml.replacingOccurrences(of: "county_share: {value: 0.5,", with: "county_share: {value: 1,")
        let e = failure(yaml)
        #expect(e?.field == "capitation[luquan-alliance].risk_corridor")
        #expect(e?.message.contains("takes all the risk") == true)
    }

    @Test("two pilots in one county are refused")
    func twoPilotsInOneCounty() {
        let block = Self.yunnan.components(separatedBy: "capitation:\n")[1]
        let second = block.replacingOccurrences(of: "id: luquan-alliance", with: "id: luquan-second")
        let e = failure(Self.yunnan + second)
        #expect(e?.message.contains("already hosts pilot 'luquan-alliance'") == true)
    }
}
