import Foundation
import Testing
import Yams
@testable import Scenario

/// `fundsim params`: every number of a scenario is listed with a path that `--set` resolves.
@Suite struct ParameterListingTests {
    @Test(arguments: ScenarioLoader.builtInNames)
    func everyQuantityTheLoaderReadsIsListed(name: String) throws {
        let scenario = try ScenarioLoader.load(nameOrPath: name)
        let entries = scenario.parameterEntries()
        let quantities = Set(entries.compactMap(\.quantity))
        let loaded = scenario.parameters.filter { $0.unit != .codes }
        #expect(quantities.count == loaded.count, "listed \(quantities.count) quantities, the loader read \(loaded.count)")
        // Same sources, quantity by quantity (as multisets).
        let listedSources = Dictionary(grouping: entries.filter { $0.quantity != nil }, by: { $0.quantity! }).values.map { $0[0].source }.sorted()
        #expect(listedSources == loaded.map(\.source).sorted())
        #expect(entries.filter { $0.quantity != nil }.allSatisfy { !$0.unit.isEmpty && !$0.source.isEmpty })
    }

    @Test(arguments: ScenarioLoader.builtInNames)
    func everyListedPathResolvesToItsValue(name: String) throws {
        let scenario = try ScenarioLoader.load(nameOrPath: name)
        let root = try #require(try Yams.compose(yaml: scenario.resolvedText))
        for entry in scenario.parameterEntries() {
            let path = try ParameterPath.parse(entry.path).get()
            var node = root.descendant(try root.resolve(path).get())
            if node.isQuantity, let value = node.mapping?["value"] { node = value }
            #expect(node.scalarText == entry.value, "\(entry.path)")
        }
    }

    @Test func yunnanListsEveryCountyAndTheRatioPath() throws {
        let entries = try ScenarioLoader.load(nameOrPath: "yunnan-2017").parameterEntries()
        #expect(entries.filter { $0.path.hasSuffix(".registered_poor") }.count == 129)
        let ratio = try #require(entries.first { $0.path == "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county" })
        #expect(ratio.value == "0.85" && ratio.unit == "ratio" && ratio.source.contains("seed 000 measure 2"))
        let growth = try #require(entries.first { $0.path == "simulation.cost_growth" })
        #expect(growth.value == "0.06" && growth.unit == "per_year")
        #expect(entries.contains { $0.path == "simulation.cost_growth.uncertainty.half_width" && $0.unit == "share" })
        #expect(entries.contains { $0.path == "simulation.population.age_sex_shares.female.3" })
        #expect(entries.contains { $0.path == "tiers.backstop.out_of_pocket_limit.line.by_year.2018" && $0.value == "9862" })
    }
}
