import Settlement
import ProjectedPopulation
import Simulation
import Testing
@testable import Scenario

/// The default scenario's registered poor still in poverty at the start of each
/// year (the status that decides the premium and family-doctor split) reproduce
/// the provincial figures of POLICY.md section 9, and nobody is in poverty after 2020.
@Suite struct PovertyStockTests {
    /// Start-of-year in-poverty people of the whole province, by year, from the cohort projection at point values.
    static func inPoverty(years: [Int]) throws -> [Int: Int] {
        let scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017")
        let model = try #require(scenario.simulation).model
        let projection = try CohortPopulation(model: model, years: years, baseYear: scenario.years.lowerBound, kernel: .reference)
        let parameters = model.parameters.pointValues
        projection.prepare(draws: 0..<1) { _ in parameters }
        var stocks: [Int: Int] = [:]
        for year in years {
            var people = 0
            for county in model.population.counties.indices {
                let cells = projection.cells(county: county, year: year, draw: 0, parameters: parameters)
                for (cell, n) in cells.enumerated() where cell % 2 == PovertyStatus.inPoverty.rawValue { people += n }
            }
            stocks[year] = people
        }
        return stocks
    }

    @Test func startOfYearStocksMatchTheFacts() throws {
        let stocks = try Self.inPoverty(years: [2017, 2018, 2019, 2020, 2021])
        // 2017: 471万 less the 2016 half of the 141万 who left by the start of 2018 (the scenario's documented assumption).
        let facts: [(Int, ClosedRange<Double>)] = [
            (2017, 4_000_000 * 0.97 ... 4_000_000 * 1.03),
            (2018, 3_300_000 * 0.97 ... 3_300_000 * 1.03),  // 179万 left + 151万 exited in 2018
            (2019, 1_790_000 * 0.97 ... 1_790_000 * 1.03),
            (2020, 420_000 * 0.97 ... 442_200 * 1.03),      // 179万 − 137万; the last 44.22万 exited in 2020
        ]
        for (year, range) in facts {
            let stock = Double(try #require(stocks[year]))
            #expect(range.contains(stock), "start of \(year): \(stock) people in poverty, expected \(range)")
        }
        #expect(stocks[2021] == 0, "nobody is in poverty after 2020")
    }
}
