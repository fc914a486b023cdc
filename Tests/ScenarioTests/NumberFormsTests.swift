import Foundation
import Testing
import Settlement
import Simulation
@testable import Scenario

/// Numbers in every YAML 1.2 decimal form, with limits on decimals checked on
/// the text (issue 15), non-empty sources, and the id rules (issue 8 item 7).
@Suite struct NumberFormsTests {
    static let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"
    static let costPerVisit = "simulation.general_outpatient.cost_per_visit"

    func load(_ path: String, _ value: String) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: [ParameterOverride(path: path, value: value)])
    }

    func countyRatio(_ scenario: Scenario) -> Rate? {
        guard case .coinsurance(let c)? = scenario.tier("basic_insurance")?.rules.first(where: { $0.id == "inpatient_compliant" })?.formula else { return nil }
        return c.ratio.county
    }

    @Test(arguments: [("9.0e-1", 900_000), (".9", 900_000), ("0.90", 900_000), ("+0.9", 900_000), ("1e0", 1_000_000),
                      ("900000e-6", 900_000), ("0.123456", 123_456), ("1.2345e-1", 123_450), ("0", 0), ("-0.0", 0)])
    func ratiosInEveryForm(text: String, ppm: Int64) throws {
        #expect(countyRatio(try load(Self.ratio, text)) == Rate(ppm: ppm))
    }

    @Test(arguments: ["0.9000000000001", "0.900000000001", "0.1234567", "1.0000001", "1.5", "-0.1", "9e-7", ".inf", ".nan", "1e99999999", "0x1F", "1,5"])
    func ratiosRefusedOnTheirText(text: String) throws {
        #expect(throws: ScenarioError.self) { try load(Self.ratio, text) }
    }

    @Test func moreThanSixDecimalsSaysSo() throws {
        do { _ = try load(Self.ratio, "0.9000000000001"); Issue.record("accepted") } catch {
            #expect(error.message.contains("six decimals"), "\(error)")
        }
    }

    @Test(arguments: [("1e3", 1000.0), ("8.5e1", 85.0), ("85.12", 85.12), (".5", 0.5), ("2.0e+1", 20.0)])
    func simulationYuanInEveryForm(text: String, value: Double) throws {
        let model = try #require(try load(Self.costPerVisit, text).simulation?.model)
        #expect(model.parameters.entries[model.generalOutpatient.costPerVisit.index].value == value)
    }

    @Test(arguments: ["85.123", "2.0e-05", "85.0001"])
    func simulationYuanWithThreeDecimalsIsRefused(text: String) throws {
        do { _ = try load(Self.costPerVisit, text); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains("two decimals"), "\(error)")
        }
    }

    @Test func settlementYuanInExponentForm() throws {
        let scenario = try load("tiers.basic_insurance.annual_caps.basic", "1.5e5")
        #expect(scenario.tier("basic_insurance")?.annualCaps["basic"] == Money(fen: 15_000_000))
        #expect(throws: ScenarioError.self) { try load("tiers.basic_insurance.annual_caps.basic", "150000.001") }
    }

    @Test func smallProbabilitiesInExponentForm() throws {
        let scenario = try load("simulation.conditions.esrd.annual_probability.children", "2.0e-05")
        let model = try #require(scenario.simulation?.model)
        let esrd = try #require(model.conditions.first { $0.code == "esrd" })
        #expect(model.parameters.entries[esrd.annualProbability[0].index].value == 0.00002)
    }

    @Test(arguments: ["null", "~", "\"\"", "Null", ""])
    func anEmptyOrNullSourceIsRefused(source: String) throws {
        let text = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        let bad = text.replacingOccurrences(of: "basic: {value: 150000, unit: yuan, source: assumed}",
                                            with: "basic: {value: 150000, unit: yuan, source: \(source)}")
        #expect(bad != text)
        do { _ = try ScenarioLoader.load(yaml: bad, sourceName: "bad.yaml"); Issue.record("accepted source \(source)") } catch {
            #expect(error.field.hasSuffix("annual_caps.basic.source") && error.message.contains("non-empty"), "\(error)")
        }
    }

    @Test(arguments: ["2017", "1e3", "true"])
    func aNumberOrBooleanAsSourceIsRefusedUnlessQuoted(source: String) throws {
        let text = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        let bad = text.replacingOccurrences(of: "basic: {value: 150000, unit: yuan, source: assumed}",
                                            with: "basic: {value: 150000, unit: yuan, source: \(source)}")
        do { _ = try ScenarioLoader.load(yaml: bad, sourceName: "bad.yaml"); Issue.record("accepted source \(source)") } catch {
            #expect(error.message.contains("quote it"), "\(error)")
        }
        let quoted = text.replacingOccurrences(of: "basic: {value: 150000, unit: yuan, source: assumed}",
                                               with: "basic: {value: 150000, unit: yuan, source: \"\(source)\"}")
        #expect(try ScenarioLoader.load(yaml: quoted, sourceName: "ok.yaml").parameter("tiers[basic_insurance].annual_caps.basic")?.source == source)
    }

    @Test func decimalTextKeepsEveryDigit() throws {
        let d = try #require(DecimalText("0.9000000000001"))
        #expect(d.decimals == 13 && d.scaled(by: 6) == nil)
        #expect(DecimalText("2.0e-05")?.plain() == "0.00002")
        #expect(DecimalText("1e3")?.plain() == "1000")
        #expect(DecimalText("1.50")?.decimals == 1)
        #expect(DecimalText("120")?.scaled(by: 2) == 12_000)
        for bad in ["", ".", "e3", "1e", "1.2.3", "--1", "1e+", "0x10", "1_000", "inf"] { #expect(DecimalText(bad) == nil, "\(bad)") }
    }

    @Test func idsMayHaveDotsCapitalsAndOtherScripts() throws {
        for id in ["kunming.luquan", "Basic_2018", "禄劝", "tier-1.a"] { #expect(Reader.isIdentifier(id), "\(id)") }
        for id in ["", "a b", "a/b", "a..b", "a.", ".a", "_a", "a\"b", String(repeating: "a", count: 65)] {
            #expect(!Reader.isIdentifier(id), "\(id)")
        }
    }

    @Test func aDottedTierIdIsAddressableByLongestMatchAndQuotes() throws {
        let text = try #require(ScenarioLoader.builtInText("yunnan-2017"))
            .replacingOccurrences(of: "- id: critical_illness\n", with: "- id: critical.illness\n")
            .replacingOccurrences(of: "      critical_illness: {by_year: {2017: 17", with: "      critical.illness: {by_year: {2017: 17")
        let scenario = try ScenarioLoader.load(yaml: text, sourceName: "dotted.yaml", overrides: [
            ParameterOverride(path: "tiers.critical.illness.rules.inpatient.coinsurance.ratio", value: "0.75"),
            ParameterOverride(path: "tiers.\"critical.illness\".annual_caps.critical_illness", value: "400000"),
        ])
        let tier = try #require(scenario.tier("critical.illness"))
        #expect(tier.annualCaps["critical_illness"] == Money(fen: 40_000_000))
        guard case .coinsurance(let c)? = tier.rules.first(where: { $0.id == "inpatient" })?.formula else { Issue.record("no rule"); return }
        #expect(c.ratio.county == Rate(ppm: 750_000))
    }
}
