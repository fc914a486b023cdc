import SimulationTestSupport
import Testing
@testable import Simulation
import Settlement

/// Each simulated person's welfare category (建档立卡, 低保, 特困供养) is drawn
/// from the population's shares and reaches every claim the person makes.
@Suite("Welfare categories")
struct WelfareCategoryTests {
    /// Every person has exactly one claim of 1,000 yuan (a chronic-outpatient year
    /// of probability 1 at a fixed cost; no visits, no admissions).
    static func oneClaimEach(peoplePerCounty: [Int], welfareShares: [Double]?) -> SimulationModel {
        var table = ParameterTable()
        func p(_ name: String, _ value: Double) -> ParameterID {
            table.add(ModelParameter(name: name, value: value, unit: "x", source: "test"))
        }
        var population = TinyModel.population(&table, peoplePerCounty)
        if let welfareShares { population.welfareShares = welfareShares }
        let zero = p("zero", 0), one = p("one", 1)
        let go = GeneralOutpatientModel(visitsPerYear: [zero, zero, zero], costPerVisit: p("c", 85), costCV: p("cv", 0.9),
                                        consultationFeePerVisit: zero, policyRangeShare: one)
        let ip = InpatientModel(admissionsPerYear: [zero, zero, zero], levelWeights: [one, zero, zero, zero],
                                costMean: [p("m", 1000), p("m1", 1000), p("m2", 1000), p("m3", 1000)],
                                costCV: [one, one, one, one], policyRangeShare: [one, one, one, one],
                                inCountyProbability: [one, one, one, one], compliantInCounty: one, compliantOutOfCounty: one)
        let condition = ConditionModel(code: "hypertension", disease: PolicyCatalogShim.index("hypertension"), setting: .chronicOutpatient,
                                       annualProbability: [one, one, one], sexFactor: [one, one],
                                       costMean: p("cost", 1000), costCV: zero, level: .county, policyRangeShare: one)
        return SimulationModel(parameters: table, population: population, generalOutpatient: go, inpatient: ip,
                               conditions: [condition], costGrowth: zero, costBaseYear: 2017)
    }

    /// One tier per category, each paying the whole bill of its category's claims only (ids `paid_…`:
    /// a tier id must not be a fixed ledger item such as `registered_poor`).
    static let planByCategory = SettlementPlan(tiers: WelfareCategory.allCases.map { category in
        Tier(id: "paid_\(category.fileName)", name: category.fileName, payer: .insuranceFund, rules: [
            TierRule(id: "all", filter: ClaimFilter(welfareCategories: [category]),
                     formula: .coinsurance(Coinsurance(base: .totalCost, ratio: LevelValues(uniform: Rate(ppm: 1_000_000))))),
        ])
    })

    /// People per category in each county of one draw: each category's tier paid 1,000 yuan per person.
    static func categoryCounts(_ model: SimulationModel, draw: Int) throws -> [[Double]] {
        let runner = try MonteCarloRunner(plan: planByCategory, model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 5, draws: draw + 1, threads: 1, years: [2017],
                                                                          parameterUncertainty: false))
        let values = runner.simulate(draw: draw).values
        let items = runner.layout.count
        return model.population.counties.indices.map { county in
            WelfareCategory.allCases.map { values[county * items + $0.rawValue] / 1000 }
        }
    }

    @Test("sampled category frequencies match the shares within 5 standard errors, in every county and draw")
    func frequencies() throws {
        let shares = [0.55, 0.35, 0.10]
        let people = [40_000, 25_000, 30_000]
        let model = Self.oneClaimEach(peoplePerCounty: people, welfareShares: shares)
        #expect(model.population.drawsWelfareCategory)
        for draw in 0..<2 {
            let counts = try Self.categoryCounts(model, draw: draw)
            for (county, n) in people.enumerated() {
                #expect(counts[county].reduce(0, +) == Double(n), "every person has exactly one claim, settled by one tier")
                for category in WelfareCategory.allCases {
                    let p = shares[category.rawValue]
                    let se = (Double(n) * p * (1 - p)).squareRoot()
                    #expect(abs(counts[county][category.rawValue] - Double(n) * p) <= 5 * se,
                            "draw \(draw), county \(county), \(category.fileName): \(counts[county][category.rawValue]) of \(n), expected \(Double(n) * p) ± \(se)")
                }
            }
        }
    }

    @Test("without shares everyone is registered poor; a category of share 0 is never drawn")
    func defaultsAndZeroShares() throws {
        let people = [5000, 4000, 3000]
        let plain = Self.oneClaimEach(peoplePerCounty: people, welfareShares: nil)
        #expect(!plain.population.drawsWelfareCategory)
        for (county, counts) in try Self.categoryCounts(plain, draw: 0).enumerated() {
            #expect(counts == [Double(people[county]), 0, 0])
        }
        let noExtreme = Self.oneClaimEach(peoplePerCounty: people, welfareShares: [0.5, 0.5, 0])
        for counts in try Self.categoryCounts(noExtreme, draw: 0) {
            #expect(counts[WelfareCategory.extremePoverty.rawValue] == 0)
            #expect(counts[WelfareCategory.minimumLivingAllowance.rawValue] > 0)
        }
    }

    @Test("the sampler inverts its shares at the boundaries")
    func inversion() {
        let sampler = WelfareCategorySampler(shares: [0.6, 0.3, 0.1])
        #expect(sampler.category(uniform: 0) == .registeredPoor)
        #expect(sampler.category(uniform: 0.5999) == .registeredPoor)
        #expect(sampler.category(uniform: 0.6) == .minimumLivingAllowance)
        #expect(sampler.category(uniform: 0.8999) == .minimumLivingAllowance)
        #expect(sampler.category(uniform: 0.9) == .extremePoverty)
        #expect(sampler.category(uniform: 0.999999) == .extremePoverty)
    }
}
