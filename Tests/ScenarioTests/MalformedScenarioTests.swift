import Foundation
import Testing
@testable import Scenario

/// Broken scenario files must fail with the file, the line and the dotted field
/// of the mistake, and say what was expected.
@Suite struct MalformedScenarioTests {
    /// A small valid scenario; `replacing` swaps one line (1-based) for the bad text.
    static let valid = """
    scenario:
      id: tiny
      title: "A tiny test scenario"
      years: {first: 2017, last: 2018}
    disease_lists:
      chronic_4: {codes: [hypertension, diabetes, active_tb, schizophrenia], source: assumed}
    tiers:
      - id: basic_insurance
        name: "Basic"
        payer: insurance_fund
        annual_caps:
          basic: {value: 150000, unit: yuan, source: assumed}
        rules:
          - id: inpatient
            when: {settings: [inpatient], diseases: [chronic_4]}
            coinsurance:
              base: policy_range
              ratio: {township: 0.95, county: 0.85, prefecture: 0.70, provincial: 0.70, unit: ratio, source: "seed 000 measure 2"}
              deductible: {township: 0, county: 300, prefecture: 600, provincial: 1000, unit: yuan, source: assumed}
              cap: basic
      - id: backstop
        name: "Backstop"
        payer: county_government
        rules:
          - id: compliant_inpatient
            when: {settings: [inpatient], referral_compliant: true}
            top_up: {base: total_cost, target: {value: 0.9, unit: ratio, source: "seed 000 measure 5"}}
        out_of_pocket_limit:
          line: {by_year: {2017: 9020, 2018: 9862}, unit: yuan, source: "statistics"}
    fiscal:
      provincial_subsidies: {backstop: {value: 60, unit: yuan_per_person_year, source: "seed 000 measure 5"}}
      individual_premium: {by_year: {2017: 180, 2018: 220}, unit: yuan_per_person_year, source: "national minimums"}
      province_share: {in_poverty: 0.6, exited_poverty: 0.4, unit: ratio, source: "seed 000 measure 1"}
      prefecture_share_of_rest: {value: 1, unit: ratio, source: "seed 000 measure 1"}

    """

    static func replacing(_ line: Int, with text: String) -> String {
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = text
        return lines.joined(separator: "\n")
    }

    /// Loads the text and returns the error it must raise.
    func failure(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, sourceName: "bad.yaml")
            Issue.record("expected a ScenarioError", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test func theBaseTextIsValid() throws {
        let scenario = try ScenarioLoader.load(yaml: Self.valid, sourceName: "tiny.yaml")
        #expect(scenario.plan.tiers.count == 2)
        #expect(scenario.plan.diseaseLists["chronic_4"]?.count == 4)
    }

    @Test func unknownFormulaKind() throws {
        let e = try #require(failure(Self.replacing(16, with: "        copay:")))
        #expect(e.line == 16)
        #expect(e.field == "tiers[basic_insurance].rules[inpatient].copay")
        #expect(e.message.contains("'copay'") && e.message.contains("coinsurance or top_up"))
    }

    @Test func ratioAboveOne() throws {
        let bad = "          ratio: {township: 0.95, county: 1.3, prefecture: 0.70, provincial: 0.70, unit: ratio, source: assumed}"
        let e = try #require(failure(Self.replacing(18, with: bad)))
        #expect(e.line == 18)
        #expect(e.field == "tiers[basic_insurance].rules[inpatient].coinsurance.ratio.county")
        #expect(e.message.contains("1.3 is outside [0, 1]"))
        #expect(e.description == "bad.yaml:18: tiers[basic_insurance].rules[inpatient].coinsurance.ratio.county: \(e.message)")
    }

    @Test func missingUnit() throws {
        let e = try #require(failure(Self.replacing(12, with: "      basic: {value: 150000, source: assumed}")))
        #expect(e.line == 12)
        #expect(e.field == "tiers[basic_insurance].annual_caps.basic")
        #expect(e.message.contains("missing unit; expected unit: yuan"))
    }

    @Test func missingSource() throws {
        let e = try #require(failure(Self.replacing(12, with: "      basic: {value: 150000, unit: yuan}")))
        #expect(e.line == 12)
        #expect(e.field == "tiers[basic_insurance].annual_caps.basic")
        #expect(e.message.contains("missing source"))
    }

    @Test func unitThatDoesNotFitTheField() throws {
        let bad = "        top_up: {base: total_cost, target: {value: 0.9, unit: yuan, source: assumed}}"
        let e = try #require(failure(Self.replacing(27, with: bad)))
        #expect(e.line == 27)
        #expect(e.field == "tiers[backstop].rules[compliant_inpatient].top_up.target.unit")
        #expect(e.message.contains("unit 'yuan' does not fit this field; expected unit: ratio"))
    }

    @Test func unknownDiseaseCode() throws {
        let bad = "  chronic_4: {codes: [hypertension, diabetis, active_tb], source: assumed}"
        let e = try #require(failure(Self.replacing(6, with: bad)))
        #expect(e.line == 6)
        #expect(e.field == "disease_lists.chronic_4.codes[1]")
        #expect(e.message.contains("unknown disease code 'diabetis'"))
    }

    @Test func unknownKey() throws {
        let e = try #require(failure(Self.replacing(19, with: "          deductable: {value: 0, unit: yuan, source: assumed}")))
        #expect(e.line == 19)
        #expect(e.field == "tiers[basic_insurance].rules[inpatient].coinsurance.deductable")
        #expect(e.message.contains("unknown key 'deductable'") && e.message.contains("deductible"))
    }

    @Test func unknownTopLevelKey() throws {
        let e = try #require(failure(Self.valid + "fiscl: {}\n"))
        #expect(e.line == 35)
        #expect(e.field == "fiscl")
    }

    @Test func nonNumericValue() throws {
        let e = try #require(failure(Self.replacing(12, with: "      basic: {value: lots, unit: yuan, source: assumed}")))
        #expect(e.line == 12)
        #expect(e.field == "tiers[basic_insurance].annual_caps.basic.value")
        #expect(e.message.contains("expected a number, found 'lots'"))
    }

    @Test func yamlSyntaxErrorCarriesYamsLine() throws {
        let e = try #require(failure(Self.replacing(21, with: "  - id: backstop: [")))
        #expect(e.line == 21)
        #expect(e.field.isEmpty)
        #expect(e.message.hasPrefix("YAML syntax error"))
        #expect(e.description.hasPrefix("bad.yaml:21: YAML syntax error"))
    }

    @Test func unknownCapNameFoundByTheEngineIsLocated() throws {
        let e = try #require(failure(Self.replacing(20, with: "          cap: basik")))
        #expect(e.line == 20)
        #expect(e.field == "tiers[basic_insurance].rules[inpatient].coinsurance.cap")
        #expect(e.message.contains("unknown cap 'basik'"))
    }

    @Test func unknownDiseaseListFoundByTheEngineIsLocated() throws {
        let e = try #require(failure(Self.replacing(15, with: "        when: {settings: [inpatient], diseases: [chronic_5]}")))
        #expect(e.line == 15)
        #expect(e.field == "tiers[basic_insurance].rules[inpatient].when.diseases")
        #expect(e.message.contains("unknown disease list 'chronic_5'"))
    }

    @Test func incomeLineMustCoverTheHorizon() throws {
        let bad = "      line: {by_year: {2017: 9020}, unit: yuan, source: statistics}"
        let e = try #require(failure(Self.replacing(29, with: bad)))
        #expect(e.line == 29)
        #expect(e.field == "tiers[backstop].out_of_pocket_limit.line")
        #expect(e.message.contains("no value for 2018"))
    }

    @Test func unknownSettingName() throws {
        let e = try #require(failure(Self.replacing(26, with: "        when: {settings: [inpatients], referral_compliant: true}")))
        #expect(e.line == 26)
        #expect(e.field == "tiers[backstop].rules[compliant_inpatient].when.settings[0]")
        #expect(e.message.contains("unknown setting 'inpatients'"))
    }

    @Test func ruleWithoutFormula() throws {
        let yaml = Self.valid.replacingOccurrences(
            of: "        top_up: {base: total_cost, target: {value: 0.9, unit: ratio, source: \"seed 000 measure 5\"}}\n", with: "")
        let e = try #require(failure(yaml))
        #expect(e.line == 25)
        #expect(e.field == "tiers[backstop].rules[compliant_inpatient]")
        #expect(e.message.contains("missing the formula"))
    }

    @Test func subsidyOfAnUnknownTier() throws {
        let bad = "  provincial_subsidies: {backstp: {value: 60, unit: yuan_per_person_year, source: x}}"
        let e = try #require(failure(Self.replacing(31, with: bad)))
        #expect(e.line == 31)
        #expect(e.field == "fiscal.provincial_subsidies.backstp")
        #expect(e.message.contains("no tier 'backstp'"))
    }
}
