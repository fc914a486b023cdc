import SimulationTestSupport
import Testing
import Cohort
@testable import ProjectedPopulation
import Settlement
@testable import Simulation

/// The multi-year population of the forecast: the batched BLAS projection
/// against the plain Swift reference, conservation, a closed form, and that
/// year-specific parameters reach the year they belong to.
@Suite("Cohort population")
struct CohortPopulationTests {
    /// The tiny model with a cohort section; `deaths` and `births` switch those processes.
    static func model(exitRate: Double = 0.3, deaths: Bool = true, births: Bool = true, disease: Bool = true,
                      exitUncertainty: Bool = false) -> SimulationModel {
        var model = TinyModel.full(peoplePerCounty: [30_000, 20_000, 25_000])
        var table = model.parameters
        var exit: [Int: ParameterID] = [:]
        for year in 2017...2020 {
            exit[year] = table.add(ModelParameter(name: "exit.\(year)", value: exitRate, unit: "probability", source: "test",
                                                  distribution: exitUncertainty ? .beta(mean: exitRate, sd: 0.05) : nil))
        }
        model.parameters = table
        let bands = model.population.ageBandLowerBounds.count
        var q: [[Double]] = []
        for b in 0..<bands {
            let scale = deaths ? Double(b + 1) : 0
            q.append([0.001 * scale, 0.0015 * scale])
        }
        let states = disease ? [CohortDiseaseSpec(name: "chronic", basePrevalence: [0, 0.05, 0.2], onset: [0, 0.01, 0.03],
                                                  remission: [0, 0.001, 0], excessMortality: deaths ? [0, 0.002, 0.01] : [0, 0, 0])] : []
        model.cohort = CohortSpec(mortality: q, povertyExitRate: exit, birthRate: births ? 0.03 : 0, maleBirthFraction: 0.52, diseaseStates: states)
        return model
    }

    func totals(_ p: CohortPopulation, draw: Int, year: Int, status: Int? = nil) -> Int {
        (0..<p.model.population.counties.count).reduce(0) { sum, county in
            sum + p.cells(county: county, year: year, draw: draw, parameters: p.model.parameters.pointValues)
                .enumerated().filter { status == nil || $0.offset % 2 == status! }.map(\.element).reduce(0, +)
        }
    }

    @Test("the batched dgemm projection equals the plain Swift reference to 1e-9 on the real model, with one M per draw")
    func blasEqualsReference() throws {
        let model = Self.model(exitUncertainty: true)
        let years = [2017, 2018, 2019, 2020]
        let blas = try CohortPopulation(model: model, years: years, baseYear: 2017, kernel: .blasGEMM)
        let reference = try CohortPopulation(model: model, years: years, baseYear: 2017, kernel: .reference)
        let drawn = { (d: Int) in model.parameters.draw(seed: 3, draw: d) }
        blas.prepare(draws: 0..<5, parameters: drawn)
        reference.prepare(draws: 0..<5, parameters: drawn)
        for draw in 0..<5 {
            for (a, b) in zip(blas.flows[draw]!, reference.flows[draw]!) {
                for (x, y) in zip(a.values.elements, b.values.elements) {
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)))
                }
            }
            for year in years { #expect(totals(blas, draw: draw, year: year) == totals(reference, draw: draw, year: year)) }
        }
        // Draws have their own exit rates, so their in-poverty counts differ.
        #expect(totals(blas, draw: 0, year: 2019, status: 0) != totals(blas, draw: 1, year: 2019, status: 0))
    }

    @Test("without deaths and births the population is unchanged; with them it changes by births − deaths")
    func conservation() throws {
        let closed = try CohortPopulation(model: Self.model(deaths: false, births: false), years: [2017, 2018, 2019, 2020], baseYear: 2017)
        closed.prepare(draws: 0..<2) { _ in closed.model.parameters.pointValues }
        for year in 2017...2020 { #expect(totals(closed, draw: 0, year: year) == 75_000) }

        let open = try CohortPopulation(model: Self.model(), years: [2017, 2018, 2019, 2020], baseYear: 2017)
        open.prepare(draws: 0..<1) { _ in open.model.parameters.pointValues }
        for (i, year) in (2018...2020).enumerated() {
            let flows = open.flows[0]![i]
            var births = 0.0, deaths = 0.0
            for county in 0..<3 {
                births += flows[.births, county: county, draw: 0]
                deaths += flows[.deaths, county: county, draw: 0]
            }
            let change = Double(totals(open, draw: 0, year: year) - totals(open, draw: 0, year: year - 1))
            #expect(deaths > 0 && births > 0)
            // Whole people: each county's total rounds to the nearest person, so allow one per county and year.
            #expect(abs(change - (births - deaths)) <= 3 * 2 + 1e-9)
        }
    }

    @Test("closed form: with only a constant exit rate r, the in-poverty count after n years is N(1 − r)^n")
    func exitClosedForm() throws {
        let r = 0.3
        let p = try CohortPopulation(model: Self.model(exitRate: r, deaths: false, births: false, disease: false),
                                     years: [2017, 2018, 2019, 2020], baseYear: 2017)
        p.prepare(draws: 0..<1) { _ in p.model.parameters.pointValues }
        let start = Double(totals(p, draw: 0, year: 2017, status: 0))
        for n in 1...3 {
            let expected = start * pow(1 - r, Double(n))
            // Whole people per cell: within half a person per cell (40 cells × 3 counties).
            #expect(abs(Double(totals(p, draw: 0, year: 2017 + n, status: 0)) - expected) <= 60)
        }
    }
}

/// Per-year parameters reach their year: the 2019 income line is used in 2019 and only there.
@Suite("Year-specific parameters")
struct YearParameterTests {
    @Test("lowering the 2019 income line raises the 2019 backstop and leaves 2018 untouched")
    func incomeLineOf2019() throws {
        var lower = TinyPlans.yunnanLike
        let tier = lower.tiers.firstIndex { $0.id == "backstop" }!
        lower.tiers[tier].outOfPocketLimit!.line[2019] = Money(yuan: 2000)
        func backstop(_ plan: SettlementPlan) throws -> [Double] {
            let runner = try MonteCarloRunner(plan: plan, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: 4, draws: 1, threads: 1, years: [2018, 2019]))
            let values = runner.simulate(draw: 0).values
            let items = runner.layout.count, counties = 3, item = runner.layout.index(named: "backstop")
            return (0..<2).map { y in (0..<counties).reduce(0.0) { $0 + values[(y * counties + $1) * items + item] } }
        }
        let base = try backstop(TinyPlans.yunnanLike), changed = try backstop(lower)
        #expect(changed[0] == base[0])
        #expect(changed[1] > base[1])
    }
}

import Foundation
