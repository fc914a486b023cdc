import Foundation
import Testing
import Simulation
@testable import Scenario

/// `simulation.county_overrides`: a county's own parameters, appended after the
/// province's (whose positions, and so random draws, do not move).
@Suite struct CountyOverrideTests {
    func load(_ overrides: [String]) throws(ScenarioError) -> Scenario {
        var list: [ParameterOverride] = []
        for o in overrides { list.append(try ParameterOverride.parse(o)) }
        return try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: list)
    }

    @Test func aSetCopiesTheProvinceQuantityAndSubstitutesForThatCountyOnly() throws {
        let base = try #require(try load([]).simulation?.model)
        let model = try #require(try load(["simulation.county_overrides.kunming.luquan.inpatient.cost_mean.county=5200"]).simulation?.model)
        let luquan = try #require(model.population.counties.firstIndex { $0.region.id == "kunming.luquan" })
        // The province's parameters keep their positions and values; the county's copy comes after them.
        #expect(Array(model.parameters.entries.prefix(base.parameters.entries.count)) == base.parameters.entries)
        #expect(model.parameters.entries.count == base.parameters.entries.count + 4)
        #expect(model.countyOverrides.keys.sorted() == [luquan])
        let drawn = model.parameters.pointValues
        let county = model.parameters(drawn, county: luquan)
        #expect(county[model.inpatient.costMean[1]] == 5200)
        #expect(county[model.inpatient.costMean[0]] == 1900, "the other levels are copies of the province's")
        #expect(drawn[model.inpatient.costMean[1]] == 6015)
        #expect(model.parameters(drawn, county: luquan == 0 ? 1 : 0) == drawn)
        // The copy keeps the province's uncertainty.
        #expect(model.parameters.entries.last?.distribution != nil)
    }

    @Test func conditionsAndHouseholdSize() throws {
        let model = try #require(try load(["simulation.county_overrides.kunming.luquan.conditions.esrd.cost_mean=52000",
                                           "simulation.county_overrides.kunming.luquan.population.household_size=4.1"]).simulation?.model)
        let luquan = try #require(model.population.counties.firstIndex { $0.region.id == "kunming.luquan" })
        let esrd = try #require(model.conditions.first { $0.code == "esrd" })
        let county = model.parameters(model.parameters.pointValues, county: luquan)
        #expect(county[esrd.costMean] == 52000 && county[model.population.householdSize] == 4.1)
    }

    @Test(arguments: [
        ("simulation.county_overrides.kunming.nowhere.inpatient.cost_mean.county=5200", "no county 'kunming'"),
        ("simulation.county_overrides.kunming.luquan.cohort.birth_rate=0.02", "a county may override"),
        ("simulation.county_overrides.kunming.luquan.conditions.nosuch.cost_mean=1", "no item with id 'nosuch'"),
        ("simulation.county_overrides.kunming.luquan.population.in_poverty_share.by_year.2018=0.5", "without cohort"),
        ("simulation.county_overrides.kunming.luquan.inpatient.compliant_in_county=1.5", "outside [0, 1]"),
    ])
    func errorsNameTheFlag(assignment: String, says: String) throws {
        do { _ = try load([assignment]); Issue.record("accepted \(assignment)") } catch {
            #expect(error.file.hasPrefix("--set simulation.county_overrides") && error.message.contains(says), "\(error)")
        }
    }

    @Test func aWrittenBlockIsCheckedLikeTheProvinces() throws {
        let text = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        let block = """
              county_overrides:
                kunming.luquan:
                  general_outpatient: {cost_per_visit: {value: 60.125, unit: yuan, source: "Luquan claims"}}
            # Per-capita packaged-payment pilots
            """
        let bad = text.replacingOccurrences(of: "# Per-capita packaged-payment pilots", with: block)
        do { _ = try ScenarioLoader.load(yaml: bad, sourceName: "county.yaml"); Issue.record("accepted") } catch {
            #expect(error.file == "county.yaml" && error.field.hasSuffix("kunming.luquan.general_outpatient.cost_per_visit.value"), "\(error)")
            #expect(error.message.contains("two decimals"))
        }
        let unknown = text.replacingOccurrences(of: "# Per-capita packaged-payment pilots", with: block.replacingOccurrences(of: "kunming.luquan:", with: "kunming.nowhere:"))
        do { _ = try ScenarioLoader.load(yaml: unknown, sourceName: "county.yaml"); Issue.record("accepted") } catch {
            #expect(error.message.contains("unknown county 'kunming.nowhere'"), "\(error)")
        }
    }
}
