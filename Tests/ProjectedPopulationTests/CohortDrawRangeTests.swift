import SimulationTestSupport
import Testing
@testable import ProjectedPopulation
import Settlement
@testable import Simulation

/// A shard of a split run (`fundsim run --shard I/N`) runs a range of the job's
/// draws; with the cohort projection prepared in chunks, its draws must still be
/// exactly those of the unsplit run.
@Suite("Draw ranges with the cohort projection")
struct CohortDrawRangeTests {
    @Test("with a cohort projection in chunks of 3, draws run in ranges that cut chunks equal the unsplit run's, bit for bit",
          arguments: [true, false])
    func cohortRangesEqualWholeRun(uncertainty: Bool) throws {
        let model = CohortPopulationTests.model(exitUncertainty: true)
        let years = [2017, 2018, 2019]
        func runner() throws -> MonteCarloRunner {
            let population = try CohortPopulation(model: model, years: years, baseYear: 2017, chunkSize: 3)
            return try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: model, fiscal: TinyModel.fiscal,
                                        configuration: RunConfiguration(seed: 5, draws: 10, threads: 2, years: years,
                                                                        parameterUncertainty: uncertainty),
                                        population: population)
        }
        var whole: [Int: DrawResult] = [:]
        try runner().run { whole[$0.draw] = $0 }
        var split: [Int: DrawResult] = [:]
        for range in [0..<4, 4..<5, 5..<5, 5..<10] {
            try runner().run(draws: range) { result in
                #expect(range.contains(result.draw))
                split[result.draw] = result
            }
        }
        #expect(split.count == 10)
        for draw in 0..<10 {
            #expect(split[draw]?.values == whole[draw]?.values, "draw \(draw)")
            #expect(split[draw]?.cells == whole[draw]?.cells, "draw \(draw)")
        }
        // The check is not vacuous: draws differ from one another.
        #expect(whole[0]?.values != whole[1]?.values)
    }
}
