import Testing
@testable import Projection
import Settlement
@testable import Simulation

/// A shard of a split run (`fundsim run --shard I/N`) runs a range of the job's
/// draws; its draws must be exactly those of the unsplit run.
@Suite("Draw ranges (shards)")
struct DrawRangeTests {
    @Test("a range is run on the job's chunk grid: whole chunks are prepared, only the range is produced, in order")
    func schedulerRange() throws {
        var prepared: [Range<Int>] = []
        var consumed: [Int] = []
        try DrawScheduler(draws: 10, threads: 2, chunkSize: 4)
            .run(range: 5..<9, prepare: { prepared.append($0) }, produce: { $0 }, progress: { _ in }, consume: { consumed.append($0) })
        #expect(prepared == [4..<8, 8..<10])
        #expect(consumed == [5, 6, 7, 8])
        prepared = []
        consumed = []
        try DrawScheduler(draws: 10, threads: 2, chunkSize: 4)
            .run(range: 6..<6, prepare: { prepared.append($0) }, produce: { $0 }, progress: { _ in }, consume: { consumed.append($0) })
        #expect(prepared.isEmpty && consumed.isEmpty)
        try DrawScheduler(draws: 10, threads: 2, chunkSize: 4)
            .run(prepare: { prepared.append($0) }, produce: { $0 }, progress: { _ in }, consume: { consumed.append($0) })
        #expect(prepared == [0..<4, 4..<8, 8..<10])
        #expect(consumed == Array(0..<10))
    }

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
