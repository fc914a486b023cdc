import Testing
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
}
