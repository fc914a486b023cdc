import Foundation
import SimulationTestSupport
import Testing
@testable import Forecast
@testable import Simulation
import Reporting
import Settlement

@Suite("Monte Carlo runs")
struct MonteCarloTests {
    let years = [2017, 2018]

    @Test("the same seed gives byte-identical tables with 1 and 2 threads; another seed differs")
    func reproducibleAcrossThreads() throws {
        let model = TinyModel.full()
        func tables(seed: UInt64, threads: Int) throws -> String {
            let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: model, fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: seed, draws: 12, threads: threads, years: years))
            let a = try aggregate(runner)
            return a.forecastTable().text + a.countyLiabilityTable().text + a.indicatorTable(IndicatorSpec.specs(targets: [], catastrophicShare: 0.4)).text
        }
        let one = try tables(seed: 7, threads: 1)
        let two = try tables(seed: 7, threads: 2)
        #expect(one == two)
        #expect(try tables(seed: 8, threads: 2) != one)
    }

    @Test("a draw is a pure function of (seed, draw): recomputing one draw alone gives the same ledger")
    func drawRecomputedAlone() throws {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 3, draws: 5, threads: 2, years: years))
        var seen: [Int: [Double]] = [:]
        try runner.run { seen[$0.draw] = $0.values }
        #expect(runner.simulate(draw: 3).values == seen[3])
    }

    @Test("Monte Carlo mean of a linear rule agrees with the analytic expectation within 4 standard errors")
    func analyticExpectation() throws {
        // Outpatient only: visits ~ Poisson(2.5), each visit's cost gamma with mean 80 yuan, the
        // tier pays 0.6 of the total. Expected payment per county = people × 2.5 × 80 × 0.6 yuan.
        let people = [4000, 3000]
        let model = TinyModel.outpatientOnly(visits: 2.5, cost: 80, peoplePerCounty: people)
        let runner = try MonteCarloRunner(plan: TinyPlans.linear(0.6), model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 11, draws: 200, threads: 2, years: [2017]))
        let a = try aggregate(runner)
        let tier = a.items.names.firstIndex(of: "insurance")!
        for (county, n) in people.enumerated() {
            let s = a.summary(year: 0, region: a.regions.countyRegion[county], item: tier)
            let expected = Double(n) * 2.5 * 80 * 0.6
            let standardError = s.sd / Double(s.count).squareRoot()
            #expect(abs(s.mean - expected) <= 4 * standardError, "county \(county): mean \(s.mean), expected \(expected), se \(standardError)")
            // The bound is not vacuous: a 3% error in the model would be rejected.
            #expect(abs(s.mean - expected * 1.03) > 4 * standardError)
        }
    }

    @Test("accounting: tiers + out-of-pocket = total cost; counties add up to prefectures and province; liability = spending − subsidy")
    func accountingIdentities() throws {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 5, draws: 3, threads: 1, years: years))
        let regions = RegionTable(population: runner.model.population, provinceID: "p", provinceName: "Province")
        let items = ForecastItems(runner: runner)
        let aggregator = ForecastAggregator(regions: regions, items: items, years: years, countyCount: 3)
        let names = items.names
        func i(_ n: String) -> Int { names.firstIndex(of: n)! }
        let tierItems = runner.layout.tierIDs.map(i)
        for draw in 0..<3 {
            let rows = aggregator.regionRows(of: runner.simulate(draw: draw))
            let width = names.count
            for y in years.indices {
                for r in regions.regions.indices {
                    let row = Array(rows[((y * regions.regions.count) + r) * width..<((y * regions.regions.count) + r + 1) * width])
                    let paid = tierItems.reduce(row[i("out_of_pocket")]) { $0 + row[$1] }
                    #expect(abs(paid - row[i("total_cost")]) < 1e-6 * max(1, row[i("total_cost")]))
                    #expect(abs(row[i("county_backstop_liability")] - (row[i("backstop")] - row[i("provincial_backstop_subsidy")])) < 1e-6)
                    #expect(row[i("provincial_backstop_subsidy")] == 60 * row[i("registered_poor")])
                    #expect(abs(row[i("premium_subsidy_total")] - row[i("premium_subsidy_province")] - row[i("premium_subsidy_prefecture")] - row[i("premium_subsidy_county")]) < 1e-6)
                    #expect(row[i("registered_poor")] == row[i("in_poverty")] + row[i("exited_poverty")])
                }
                // Province = sum of prefectures = sum of counties, item by item.
                for item in 0..<width where !ForecastItems.derived.contains(names[item]) {
                    func value(_ r: Int) -> Double { rows[((y * regions.regions.count) + r) * width + item] }
                    let counties = regions.countyRegion.map(value).reduce(0, +)
                    let prefectures = (1...2).map(value).reduce(0, +)
                    #expect(abs(value(0) - counties) <= 1e-6 * max(1, abs(counties)))
                    #expect(abs(value(0) - prefectures) <= 1e-6 * max(1, abs(counties)))
                }
            }
        }
    }

    @Test("fiscal split: in poverty 6:4, exited 4:6 province:rest, rest 2:8 prefecture:county")
    func fiscalSplit() throws {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(peoplePerCounty: [1000]), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 1, draws: 1, threads: 1, years: [2017]))
        let values = runner.simulate(draw: 0).values
        func v(_ n: String) -> Double { values[runner.layout.index(named: n)] }
        // 2017: 700 in poverty, 300 exited; premium 180: province 0.6×180×700 + 0.4×180×300.
        #expect(v("in_poverty") == 700 && v("exited_poverty") == 300)
        // Province: 0.6 × 180 × 700 + 0.4 × 180 × 300 = 75,600 + 21,600 = 97,200.
        // The rest, 72 × 700 + 108 × 300 = 82,800, splits 2:8: prefecture 16,560, county 66,240.
        #expect(v("premium_subsidy_province") == 97_200)
        #expect(v("premium_subsidy_prefecture") == 16_560)
        #expect(v("premium_subsidy_county") == 66_240)
        // Family doctor's individual 12: 7.2 × 700 + 4.8 × 300 = 5,040 + 1,440 = 6,480 by the province.
        #expect(v("family_doctor_province") == 6_480)
        #expect(v("per_person_checkup") == 150 * 1000)
    }

    @Test("a tier named like a ledger item is refused rather than mixed with the head counts")
    func tierNamedLikeLedgerItem() throws {
        let plan = SettlementPlan(tiers: [Tier(id: "registered_poor", name: "clash", payer: .insuranceFund, rules: [
            TierRule(id: "all", filter: .any, formula: .coinsurance(Coinsurance(base: .totalCost, ratio: LevelValues(uniform: Rate(ppm: 500_000))))),
        ])])
        let model = TinyModel.full()
        #expect(throws: PlanError.self) {
            _ = try MonteCarloRunner(plan: plan, model: model, fiscal: TinyModel.fiscal,
                                     configuration: RunConfiguration(seed: 1, draws: 1, threads: 1, years: [2017]))
        }
    }
}

/// Random streams follow a county's id, not its position: a county gets the same
/// claims in any scenario that lists it, which `compare` relies on.
@Suite("County stream keys")
struct CountyStreamKeyTests {
    @Test("listing the counties in another order leaves every county's ledger unchanged")
    func orderIndependent() throws {
        let model = TinyModel.full()
        var reversed = model
        reversed.population = PopulationModel(prefectures: model.population.prefectures, counties: model.population.counties.reversed(),
                                              ageBandLowerBounds: model.population.ageBandLowerBounds, ageSexShares: model.population.ageSexShares,
                                              inPovertyShare: model.population.inPovertyShare, householdSizeShares: model.population.householdSizeShares)
        func ledgers(_ m: SimulationModel) throws -> [String: ArraySlice<Double>] {
            let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: m, fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: 2, draws: 1, threads: 1, years: [2017]))
            let values = runner.simulate(draw: 0).values
            let items = runner.layout.count
            return Dictionary(uniqueKeysWithValues: m.population.counties.enumerated().map { i, c in
                (c.region.id, values[(i * items)..<((i + 1) * items)])
            })
        }
        let a = try ledgers(model), b = try ledgers(reversed)
        #expect(a.keys.sorted() == b.keys.sorted())
        for id in a.keys { #expect(Array(a[id]!) == Array(b[id]!), "\(id)") }
        #expect(Set(model.population.countyStreamKeys).count == 3)
    }
}
