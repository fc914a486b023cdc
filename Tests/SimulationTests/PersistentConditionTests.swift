import SimulationTestSupport
import Testing
@testable import Simulation
import ProjectedPopulation
import Cohort
import PolicyCatalog

/// Conditions linked to a disease state of the cohort projection: the state
/// carries over years with the configured remission, and the condition's
/// claims come from it, so claims follow the closed form of the projection.
@Suite("Persistent conditions")
struct PersistentConditionTests {
    /// Outpatient-free, admission-free model of `people` in one county with one disease state
    /// (base prevalence `prevalence`, onset `onset`, remission `remission`, no deaths, births or exits)
    /// and one major-disease condition at a fixed fee of 1,000 yuan linked to it with `basis`.
    static func model(people: Int, prevalence: Double, onset: Double, remission: Double, basis: ConditionLink.Basis) -> SimulationModel {
        var m = TinyModel.outpatientOnly(visits: 0, cost: 1, peoplePerCounty: [people])
        var table = m.parameters
        let one = table.add(ModelParameter(name: "one", value: 1, unit: "share", source: "test"))
        let fee = table.add(ModelParameter(name: "fee", value: 1000, unit: "yuan", source: "test"))
        let zero = table.add(ModelParameter(name: "zero", value: 0, unit: "cv", source: "test"))
        let exit = table.add(ModelParameter(name: "exit", value: 0, unit: "probability", source: "test"))
        m.parameters = table
        m.conditions = [ConditionModel(code: "esrd", disease: DiseaseCatalog.standard.diseaseIndex(of: "esrd")!, setting: .majorDisease,
                                       annualProbability: [one, one, one], sexFactor: [one, one], costMean: fee, costCV: zero,
                                       level: .county, policyRangeShare: one, link: ConditionLink(state: 1, basis: basis))]
        let bands = m.population.ageBandLowerBounds.count
        m.cohort = CohortSpec(mortality: Array(repeating: [0, 0], count: bands),
                              povertyExitRate: [2017: exit, 2018: exit, 2019: exit, 2020: exit], birthRate: 0, maleBirthFraction: 0.5,
                              diseaseStates: [CohortDiseaseSpec(name: "esrd", basePrevalence: [prevalence, prevalence, prevalence],
                                                                onset: [onset, onset, onset], remission: [remission, remission, remission],
                                                                excessMortality: [0, 0, 0])])
        return m
    }

    /// Claims of the linked condition per year (total major-disease cost / the 1,000-yuan fee), one draw at point values.
    static func claims(_ model: SimulationModel, years: [Int]) throws -> [Double] {
        let projection = try CohortPopulation(model: model, years: years, baseYear: years[0], kernel: .reference)
        let runner = try MonteCarloRunner(plan: TinyPlans.linear(0.5), model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 3, draws: 1, threads: 1, years: years, parameterUncertainty: false),
                                          population: projection)
        projection.prepare(draws: 0..<1, parameters: runner.parameters(draw:))
        let values = runner.simulate(draw: 0).values
        let item = runner.layout.index(named: "total_cost_major_disease")
        return years.indices.map { values[$0 * runner.layout.count + item] / 1000 }
    }

    @Test("the stock persists with the remission rate: claims in year t = N π (1 − ρ)^t (whole people), and a wrong ρ is rejected")
    func stockDecaysWithRemission() throws {
        let people = 20_000, prevalence = 0.2, remission = 0.3
        let counts = try Self.claims(Self.model(people: people, prevalence: prevalence, onset: 0, remission: remission, basis: .stock),
                                     years: [2017, 2018, 2019, 2020])
        let cells = 20.0  // rounding to whole people: at most one per simulation cell
        for (t, count) in counts.enumerated() {
            let expected = Double(people) * prevalence * pow(1 - remission, Double(t))
            #expect(abs(count - expected) <= cells, "year \(t): \(count) claims, closed form \(expected)")
            if t > 0 {
                let wrong = Double(people) * prevalence * pow(1 - 0.25, Double(t))
                #expect(abs(count - wrong) > cells)
            }
        }
    }

    @Test("without a projection, each cell is split by the states' base prevalence: stock claims = N π every year")
    func staticPopulationUsesBasePrevalence() throws {
        let model = Self.model(people: 20_000, prevalence: 0.2, onset: 0, remission: 0.3, basis: .stock)
        let runner = try MonteCarloRunner(plan: TinyPlans.linear(0.5), model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 3, draws: 1, threads: 1, years: [2017, 2018],
                                                                          parameterUncertainty: false))
        let values = runner.simulate(draw: 0).values
        let item = runner.layout.index(named: "total_cost_major_disease")
        for y in 0..<2 { #expect(abs(values[y * runner.layout.count + item] / 1000 - 4000) <= 20) }
    }

    @Test("new cases: claims ≈ the people free of the state × the onset rate, within 4 standard errors")
    func onsetClaimsFollowIncidence() throws {
        let people = 50_000, prevalence = 0.1, onset = 0.02
        let counts = try Self.claims(Self.model(people: people, prevalence: prevalence, onset: onset, remission: 0, basis: .onset),
                                     years: [2017, 2018])
        for (t, count) in counts.enumerated() {
            // Free of the state at the start of year t: N (1 − π)(1 − onset)^t.
            let free = Double(people) * (1 - prevalence) * pow(1 - onset, Double(t))
            let expected = free * onset
            let se = (free * onset * (1 - onset)).squareRoot()
            #expect(abs(count - expected) <= 4 * se + 20 * onset, "year \(t): \(count), expected \(expected) ± \(se)")
            #expect(abs(count - free * onset * 1.2) > 4 * se)
        }
    }
}

private func pow(_ x: Double, _ y: Double) -> Double { y == 0 ? 1 : (1...Int(y)).reduce(1.0) { r, _ in r * x } }
