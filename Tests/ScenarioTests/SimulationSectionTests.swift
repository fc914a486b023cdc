import Foundation
import Testing
import Scenario
import Simulation

/// The `simulation:` section: the Yunnan defaults as POLICY.md section 9 and
/// seed 003 give them, and a clear error for each kind of bad input.
@Suite("Simulation section")
struct SimulationSectionTests {
    static let yunnan = try! ScenarioLoader.load(nameOrPath: "yunnan-2017")

    @Test("Yunnan: 16 prefectures, 129 counties by name, 4.71 million registered poor, 43 conditions")
    func yunnanPopulation() throws {
        let simulation = try #require(Self.yunnan.simulation)
        let population = simulation.model.population
        #expect(population.prefectures.count == 16)
        #expect(population.counties.count == 129)
        #expect(population.counties.map(\.registeredPoor).reduce(0, +) == 4_710_000)
        #expect(population.counties.contains { $0.region.chineseName == "镇雄县" })
        #expect(simulation.model.conditions.count == 43)
        #expect(Set(simulation.model.conditions.map(\.code)).count == 43)
        let shares = population.ageSexShares.joined().reduce(0, +)
        #expect(abs(shares - 1) < 1e-9)
        #expect(simulation.provinceID == "yunnan")
    }

    @Test("Yunnan calibration values are cited and reach the model")
    func yunnanValues() throws {
        let model = try #require(Self.yunnan.simulation).model
        let p = model.parameters.pointValues
        #expect(p[model.inpatient.costMean[1]] == 6015)     // secondary public hospital, 2018
        #expect(p[model.inpatient.costMean[3]] == 13306)    // tertiary
        #expect(p[model.generalOutpatient.costPerVisit] == 85)
        let esrd = try #require(model.conditions.first { $0.code == "esrd" })
        #expect(p[esrd.costMean] == 60000)
        #expect(model.parameters.entries.allSatisfy { !$0.source.isEmpty && !$0.unit.isEmpty })
        #expect(model.parameters.entries.contains { $0.distribution != nil })
        #expect(Self.yunnan.parameter("simulation.inpatient.cost_mean")?.source.contains("13,306") == true)
    }

    /// The built-in text with one line replaced.
    func edited(_ find: String, _ replace: String) throws -> String {
        let text = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        #expect(text.contains(find), "fixture line not found: \(find)")
        return text.replacingOccurrences(of: find, with: replace)
    }

    func failure(_ yaml: String) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, sourceName: "bad.yaml")
            return nil
        } catch { return error }
    }

    func line(of needle: String, in text: String) -> Int {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 } ?? -1
    }

    @Test("a negative prevalence names the file, line and field")
    func negativePrevalence() throws {
        let yaml = try edited("annual_probability: {children: 0, adults: 0.0045, elderly: 0.004,",
                              "annual_probability: {children: -0.01, adults: 0.0045, elderly: 0.004,")
        let e = try #require(failure(yaml))
        #expect(e.line == line(of: "children: -0.01", in: yaml))
        #expect(e.field.hasSuffix("annual_probability.children"))
        #expect(e.message.contains("outside [0, 1]"))
    }

    @Test("a probability above 1 is rejected")
    func probabilityAboveOne() throws {
        let yaml = try edited("compliant_in_county: {value: 0.97,", "compliant_in_county: {value: 1.2,")
        let e = try #require(failure(yaml))
        #expect(e.line == line(of: "compliant_in_county: {value: 1.2", in: yaml))
        #expect(e.field == "simulation.inpatient.compliant_in_county.value")
    }

    @Test("by_year: a model parameter and an amount are read alike (a key that is not a year, a year missing)")
    func byYearReadAlike() throws {
        let cases = [("by_year: {2017: 0.85, 2018: 0.70, 2019: 0.38, 2020: 0.09}", "simulation.population.in_poverty_share"),
                     ("by_year: {2017: 180, 2018: 220, 2019: 250, 2020: 280}", "fiscal.individual_premium")]
        for (text, field) in cases {
            let noYear = try #require(failure(try edited(text, text.replacingOccurrences(of: "2019:", with: "y2019:"))))
            #expect(noYear.field.hasPrefix(field), "\(noYear)")
            #expect(noYear.message == "'y2019' is not a year; expected by_year keys like 2017", "\(noYear)")
            let missing = try #require(failure(try edited(text, text.replacingOccurrences(of: "2019:", with: "2016:"))))
            #expect(missing.field == field, "\(missing)")
            #expect(missing.message == "no value for 2019; by_year must cover every year of the horizon 2017–2020", "\(missing)")
        }
    }

    @Test("a county whose prefecture is not listed is rejected")
    func countyWithoutPrefecture() throws {
        let yaml = try edited("{id: diqing.deqin, prefecture: diqing,", "{id: diqing.deqin, prefecture: shambhala,")
        let e = try #require(failure(yaml))
        #expect(e.line == line(of: "prefecture: shambhala", in: yaml))
        #expect(e.message.contains("unknown prefecture 'shambhala'"))
        let missing = try edited("{id: diqing.deqin, prefecture: diqing, ", "{id: diqing.deqin, ")
        #expect(try #require(failure(missing)).message.contains("missing key 'prefecture'"))
    }

    @Test("age/sex shares must add up to 1; an unknown distribution is named")
    func sharesAndDistributions() throws {
        let shares = try edited("female: [0.034,", "female: [0.134,")
        #expect(try #require(failure(shares)).message.contains("add up to"))
        let dist = try edited("uncertainty: {distribution: gamma, cv: 0.08}}", "uncertainty: {distribution: cauchy, cv: 0.08}}")
        #expect(try #require(failure(dist)).message.contains("unknown distribution 'cauchy'"))
    }

    @Test("welfare shares: optional (everyone registered poor), read by category, must add up to 1")
    func welfareShares() throws {
        let model = try #require(Self.yunnan.simulation).model
        #expect(model.population.welfareShares == [1, 0, 0])
        #expect(!model.population.drawsWelfareCategory)
        let anchor = "    prefectures:\n      - {id: kunming,"
        let shares = "    welfare_shares: {registered_poor: 0.7, minimum_living_allowance: 0.2, extreme_poverty: 0.1, unit: share, source: test}\n"
        let yaml = try edited(anchor, shares + anchor)
        let loaded = try ScenarioLoader.load(yaml: yaml, sourceName: "shares.yaml")
        let population = try #require(loaded.simulation).model.population
        #expect(population.welfareShares == [0.7, 0.2, 0.1])
        #expect(population.drawsWelfareCategory)
        let bad = try edited(anchor, shares.replacingOccurrences(of: "extreme_poverty: 0.1", with: "extreme_poverty: 0.2") + anchor)
        let e = try #require(failure(bad))
        #expect(e.line == line(of: "welfare_shares:", in: bad))
        #expect(e.message.contains("add up to"))
        let missing = try edited(anchor, shares.replacingOccurrences(of: "extreme_poverty: 0.1, ", with: "") + anchor)
        #expect(try #require(failure(missing)).message.contains("extreme_poverty"))
    }
}
