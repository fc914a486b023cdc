import Foundation
import Testing
import Scenario
import Simulation

/// The model fixes of issue 10: the elderly are 60+ in code, files and docs;
/// TB and MDR-TB are incidence, not prevalence; the inpatient policy-range
/// share and cost growth carry their uncertainty and source; indicator targets
/// are scenario parameters with clear errors.
@Suite("Model fixes")
struct ModelFixesTests {
    static let yunnan = try! ScenarioLoader.load(nameOrPath: "yunnan-2017")

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

    @Test("the elderly age group is 60+: the band from 60 is elderly, the band from 55 adult, in every built-in scenario")
    func elderlyFromSixty() throws {
        #expect(AgeGroup(bandLowerBound: 60) == .elderly)
        #expect(AgeGroup(bandLowerBound: 55) == .adults)
        #expect(AgeGroup(bandLowerBound: 14) == .children)
        for name in ["yunnan-2017", "prefecture-2018", "xinbin-2018", "qujiang-2018"] {
            let bands = try #require(try ScenarioLoader.load(nameOrPath: name).simulation).model.population.ageBandLowerBounds
            #expect(bands.contains(60) && bands.contains(15), "\(name): \(bands)")
        }
    }

    @Test("age bands that cross 15 or 60 are refused with the line and what to add")
    func bandsAcrossAGroupBoundary() throws {
        let yaml = try edited("age_bands: [0, 5, 15, 25, 35, 45, 55, 60, 65, 75, 85]", "age_bands: [0, 5, 15, 25, 35, 45, 55, 65, 75, 85, 90]")
        let e = try #require(failure(yaml))
        #expect(e.message.contains("crosses the age-group boundary 60"))
        #expect(e.message.contains("add 60"))
        #expect(e.line == yaml.components(separatedBy: "\n").firstIndex { $0.contains("age_bands: [0, 5, 15, 25, 35, 45, 55, 65") }! + 1)
    }

    @Test("active TB and MDR-TB are yearly incidence (about 110 and 7 per 100k), not prevalence (459-832 per 100k)")
    func tuberculosisIncidence() throws {
        let model = try #require(Self.yunnan.simulation).model
        let p = model.parameters.pointValues
        let population = model.population
        var groupShare = [0.0, 0.0, 0.0]
        for (band, bound) in population.ageBandLowerBounds.enumerated() {
            groupShare[AgeGroup(bandLowerBound: bound).rawValue] += population.ageSexShares[band].reduce(0, +)
        }
        func perHundredThousand(_ code: String) throws -> Double {
            let c = try #require(model.conditions.first { $0.code == code })
            return zip(c.annualProbability, groupShare).map { p[$0] * $1 }.reduce(0, +) * 100_000
        }
        let tb = try perHundredThousand("active_tb")
        #expect(tb > 60 && tb < 200, "active TB \(tb) per 100k a year")
        let mdr = try perHundredThousand("mdr_tb")
        #expect(mdr > 0.03 * tb && mdr < 0.10 * tb, "MDR-TB \(mdr) per 100k: 5.4-15.4% of TB cases")
    }

    @Test("cost growth ≤ 4% a year with its source; the inpatient policy-range share is uncertain")
    func costGrowthAndPolicyRange() throws {
        let model = try #require(Self.yunnan.simulation).model
        let growth = model.parameters.entries[model.costGrowth.index]
        #expect(growth.value <= 0.04)
        #expect(growth.source.contains("public hospitals"))
        for id in model.inpatient.policyRangeShare {
            #expect(model.parameters.entries[id.index].distribution != nil)
        }
    }

    @Test("indicator targets: numeric with comparator; unknown indicator or comparator named with its line")
    func indicatorTargets() throws {
        let targets = try #require(Self.yunnan.simulation).model.indicatorTargets
        #expect(targets.map(\.indicator) == [.compliantInpatientActualRatio, .inCountyInpatientActualRatio])
        #expect(targets.map(\.target) == [0.90, 0.70])
        #expect(targets.allSatisfy { $0.comparator == .atLeast })
        let badComparator = try edited("in_county_inpatient_actual_ratio: {value: 0.70, comparator: \">=\"",
                                       "in_county_inpatient_actual_ratio: {value: 0.70, comparator: \"=>\"")
        let e = try #require(failure(badComparator))
        #expect(e.message.contains("unknown comparator '=>'"))
        #expect(e.field.hasSuffix("in_county_inpatient_actual_ratio.comparator"))
        let badName = try edited("    in_county_inpatient_actual_ratio: {value: 0.70", "    in_county_ratio: {value: 0.70")
        #expect(try #require(failure(badName)).message.contains("unknown indicator 'in_county_ratio'"))
        let noShare = try edited("  catastrophic_share: {value: 0.40,", "  catastrophic_shares: {value: 0.40,")
        #expect(try #require(failure(noShare)).message.contains("catastrophic_share"))
    }
}
