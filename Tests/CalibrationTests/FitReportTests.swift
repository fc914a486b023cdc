import Foundation
import Calibration
import ProjectedPopulation
import Scenario
import Settlement
import Simulation
import Testing

/// A county of the built-in scenario simulated person by person (smallest county: fast).
struct CountyFixture {
    let scenario: Scenario
    let model: SimulationModel
    let county: Int

    init(countyID: String = "kunming.wuhua", overrides: [ParameterOverride] = []) throws {
        scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: overrides)
        model = scenario.simulation!.model
        county = model.population.counties.firstIndex { $0.region.id == countyID }!
    }

    /// The county's person-years; `cohort: false` uses the static population (no projection of
    /// every county per draw: fast).
    func personYears(years: [Int], seed: UInt64, cohort: Bool = true) throws -> CountyPersonYears {
        CountyPersonYears(model: model, county: county, years: years, engines: try years.map { try SettlementEngine(plan: scenario.plan, year: $0) },
                          tierIDs: scenario.plan.tiers.map(\.id), perPersonIDs: scenario.fiscal.perPersonPayments.map(\.id),
                          seed: seed, parameterUncertainty: true,
                          population: cohort ? try CohortPopulation(model: model, years: years, baseYear: scenario.years.lowerBound) : nil)
    }
}

@Suite("Fit report")
struct FitReportTests {
    /// The observer's per-person rows add up to the county's ledger row of a run of that county alone
    /// (same streams), item by item: the hook sees exactly what the forecast books.
    @Test func personRowsAddUpToTheRunsLedger() throws {
        let fixture = try CountyFixture()
        let years = [2017, 2018]
        let configuration = RunConfiguration(seed: 11, draws: 1, threads: 1, years: years, onlyCounties: [fixture.county])
        let runner = try MonteCarloRunner(plan: fixture.scenario.plan, model: fixture.model, fiscal: fixture.scenario.fiscal,
                                          configuration: configuration,
                                          population: try CohortPopulation(model: fixture.model, years: years, baseYear: 2017))
        var result: DrawResult?
        try runner.run { result = $0 }
        let simulation = try fixture.personYears(years: years, seed: 11)
        simulation.prepare(draws: 0..<1)
        let totals = simulation.personYears(draw: 0)
        let layout = runner.layout
        let counties = fixture.model.population.counties.count
        var people = 0
        for (y, _) in years.enumerated() {
            let row = (y * counties + fixture.county) * layout.count
            people += Int(result!.values[row + layout.index(.registeredPoor)])
        }
        #expect(totals.count == people)
        func sum(_ slot: Int) -> Int64 { (0..<totals.count).reduce(0) { $0 + totals[$1, slot] } }
        // The run reports yuan (fen / 100) per year: back to fen, exactly.
        func ledger(_ item: String, money: Bool = true) -> Int64 {
            years.indices.reduce(0) {
                let value = result!.values[($1 * counties + fixture.county) * layout.count + layout.names.firstIndex(of: item)!]
                return $0 + Int64((money ? value * 100 : value).rounded())
            }
        }
        #expect(sum(totals.totalCost) == ledger("total_cost"))
        #expect(sum(totals.outOfPocket) == ledger("out_of_pocket"))
        for (t, id) in layout.tierIDs.enumerated() { #expect(sum(t) == ledger(id)) }
        for level in FacilityLevel.allCases {
            #expect(sum(totals.admissions(level)) == ledger("admissions_\(level.fileName)", money: false))
        }
        #expect(sum(totals.totalCost) > 0)
        // Each row knows its person: in-poverty rows add up to the run's head count.
        #expect(sum(totals.inPoverty) == ledger("in_poverty", money: false))
    }

    /// Posterior predictive check with a known answer: "extracts" simulated from the scenario itself
    /// (other seeds) are exchangeable with the simulated draws, so each lies inside the central 95%
    /// interval with probability about 0.95. Of 10 extracts, at least 7 must be inside for per-person
    /// cost, the share admitted and the OOP share (P(Binomial(10, 0.95) ≤ 6) ≈ 0.001). Against a
    /// model whose inpatient costs are 1.6 times as high, at most 3 of 10 are inside for cost (the
    /// check rejects a wrong model).
    @Test func simulatedExtractsLieInsideTheirInterval() throws {
        let small = [ParameterOverride(path: "simulation.population.counties.kunming.wuhua.registered_poor", value: "1500")]
        let fixture = try CountyFixture(overrides: small)
        let extracts = try (0..<10).map { k in
            FitStatistics.compute(try fixture.personYears(years: [2017], seed: 1000 + UInt64(k), cohort: false).personYears(draw: 0))
        }
        let tiers = fixture.scenario.plan.tiers.map(\.id)
        let draws = 40
        let simulated = try fixture.personYears(years: [2017], seed: 5, cohort: false).statistics(draws: draws, threads: 2)
        func inside(_ id: String, _ simulated: [[Double]]) -> Int {
            extracts.filter { FitReport(tierIDs: tiers, observed: $0, simulated: simulated).row(id)?.inside == true }.count
        }
        for id in ["cost_mean", "share_admitted", "oop_share"] {
            #expect(inside(id, simulated) >= 7, "\(id)")
        }
        let levels = ["township": 1900 * 1.6, "county": 6015 * 1.6, "prefecture": 10000 * 1.6, "provincial": 13306 * 1.6]
        let wrong = try CountyFixture(overrides: small + levels.map {
            ParameterOverride(path: "simulation.inpatient.cost_mean.\($0.key)", value: String(format: "%.2f", $0.value))
        })
        let wrongSimulated = try wrong.personYears(years: [2017], seed: 5, cohort: false).statistics(draws: draws, threads: 2)
        #expect(inside("cost_mean", wrongSimulated) <= 3)
        #expect(FitReport(tierIDs: tiers, observed: extracts[0], simulated: wrongSimulated).summary.contains("outside: cost_mean"))
    }

    /// The same seed gives the same statistics whatever the thread count.
    @Test func statisticsDoNotDependOnThreads() throws {
        let fixture = try CountyFixture()
        let one = try fixture.personYears(years: [2017], seed: 3, cohort: false).statistics(draws: 3, threads: 1)
        let two = try fixture.personYears(years: [2017], seed: 3, cohort: false).statistics(draws: 3, threads: 2)
        #expect(one.map { $0.map(\.bitPattern) } == two.map { $0.map(\.bitPattern) })
    }
}
