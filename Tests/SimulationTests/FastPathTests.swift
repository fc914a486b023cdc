import Foundation
import SimulationTestSupport
import Testing
@testable import Simulation
import PolicyCatalog
import Settlement

/// The person loop's fast path (a person-year with nothing beyond general outpatient,
/// settled by ``FirstClaimSettler`` and booked without the engine) against the general
/// path (the same person-year through the engine): identical ledgers, to the fen and
/// head count, for random seeds, draws, counties and years, with several plans sharing
/// the sampled claims, welfare categories drawn, disease states with stock and new-case
/// conditions, and a capitation pilot's covered people.
@Suite("Fast paths")
struct FastPathTests {
    /// ``TinyModel/full()`` with welfare categories, a disease state (base prevalence in
    /// `diseaseCells`) and two conditions linked to it, one by stock, one by new cases.
    static func model() -> SimulationModel {
        var m = TinyModel.full(peoplePerCounty: [1500, 900])
        var table = m.parameters
        func p(_ name: String, _ value: Double) -> ParameterID {
            table.add(ModelParameter(name: name, value: value, unit: "x", source: "test"))
        }
        let one = p("one", 1)
        m.conditions.append(ConditionModel(code: "leukemia", disease: PolicyCatalogShim.index("leukemia"), setting: .majorDisease,
                                           annualProbability: [p("l0", 0.6), p("l1", 0.7), p("l2", 0.8)], sexFactor: [one, one],
                                           costMean: p("lc", 40000), costCV: p("lv", 0.5), level: .prefecture, policyRangeShare: p("lp", 0.9),
                                           link: ConditionLink(state: 1, basis: .stock)))
        m.conditions.append(ConditionModel(code: "esrd", disease: PolicyCatalogShim.index("esrd"), setting: .chronicOutpatient,
                                           annualProbability: [one, one, one], sexFactor: [one, one],
                                           costMean: p("nc", 9000), costCV: p("nv", 0.7), level: .county, policyRangeShare: p("np", 0.8),
                                           link: ConditionLink(state: 1, basis: .onset)))
        m.parameters = table
        let bands = m.population.ageBandLowerBounds.count
        let exit = m.population.inPovertyShare.values.first!
        m.cohort = CohortSpec(mortality: Array(repeating: [0, 0], count: bands), povertyExitRate: [2017: exit, 2018: exit],
                              birthRate: 0, maleBirthFraction: 0.5,
                              diseaseStates: [CohortDiseaseSpec(name: "ill", basePrevalence: [0.05, 0.08, 0.1],
                                                                onset: [0.02, 0.03, 0.06], remission: [0, 0, 0], excessMortality: [0, 0, 0])])
        m.population.welfareShares = [0.6, 0.3, 0.1]
        return m
    }

    /// One county-year's flat ledger and pilot ledger, with the fast path on or off.
    static func run(_ model: SimulationModel, fast: Bool, seed: UInt64, draw: Int, county: Int, year: Int) throws -> [Int64] {
        let plans = try [TinyPlans.yunnanLike, TinyPlans.linear(0.6)].map { plan in
            PlanLedger(engine: try SettlementEngine(plan: plan, year: year),
                       layout: LedgerLayout(tierIDs: plan.tiers.map(\.id), perPersonIDs: []), catastrophicShare: 0.4)
        }
        var simulator = CountyYearSimulator(plans: plans, model: model)
        simulator.fastPaths = fast
        let parameters = model.parameters.draw(seed: seed, draw: draw)
        let tables = YearTables(model: model, parameters: parameters, year: year)
        let population = StaticPopulation(model: model)
        let cells = population.cells(county: county, year: year, draw: draw, parameters: parameters)
        let split = population.diseaseCells(county: county, year: year, draw: draw, cells: cells)
        var ledger = [Int64](repeating: 0, count: simulator.ledgerCount)
        var pilot = [Int64](repeating: 0, count: PilotLedgerLayout(tierCount: plans[0].engine.tierCount).count)
        simulator.simulate(cells: cells, tables: tables, seed: seed, draw: draw, county: county, year: year, ledger: &ledger,
                           coverage: PilotCoverage(people: cells.reduce(0, +), share: 0.3), pilotLedger: &pilot, diseaseCells: split)
        return ledger + pilot
    }

    @Test("a person-year with nothing beyond general outpatient books the same through the fast path as through the engine")
    func fastPathEqualsGeneralPath() throws {
        let model = Self.model()
        var generator = SystemRandomNumberGenerator()
        var claimsSeen: Int64 = 0
        for _ in 0..<6 {
            let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
            let draw = Int.random(in: 0..<1000, using: &generator)
            let county = Int.random(in: 0..<2, using: &generator)
            let year = [2017, 2018].randomElement(using: &generator)!
            let fast = try Self.run(model, fast: true, seed: seed, draw: draw, county: county, year: year)
            let general = try Self.run(model, fast: false, seed: seed, draw: draw, county: county, year: year)
            #expect(fast == general, "seed \(seed), draw \(draw), county \(county), year \(year)")
            claimsSeen += fast[LedgerLayout(tierIDs: TinyPlans.yunnanLike.tiers.map(\.id), perPersonIDs: []).index(.claims)]
        }
        // Not vacuous: the runs had claims, some of them beyond outpatient.
        #expect(claimsSeen > 6 * 900)
    }

    @Test("rounding sampled costs to the fen without libm gives Money(roundingYuan:) exactly, halves included")
    func fenRoundingMatches() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, 0.005, 0.015, 0.025, 1.005, 2.675, -0.005, -2.675, 12_345.675, 0x1p45, 0x1p52, 1e16, -1e16]
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -3...9, using: &generator)
            values.append(Double.random(in: 0...1, using: &generator) * pow(10, magnitude))
            values.append(Double(Int.random(in: 0...10_000_000, using: &generator)) / 100 + 0.005)  // near halves of a fen
            values.append(-Double(Int.random(in: 0...10_000_000, using: &generator)) / 200)
        }
        var mismatches = 0
        for v in values where fenRounding(yuan: v) != Money(roundingYuan: v) { mismatches += 1 }
        #expect(mismatches == 0)
    }
}
