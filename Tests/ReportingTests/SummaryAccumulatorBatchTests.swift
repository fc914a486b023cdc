import RandomStreams
import Testing
@testable import Reporting

@Suite struct SummaryAccumulatorBatchTests {
    /// Random rows (with ties, zeros, negative zeros and negatives), added to a batch and,
    /// value by value, to separate accumulators: every accumulator's state is the same,
    /// read before a hand-over (pending rows replayed) and after it, across block
    /// boundaries and the sketches' switch from exact to digest.
    @Test(arguments: [1, 3, 32], [0, 1, 5, 31, 32, 33, 250, 301])
    func sameStateAsValueByValue(blockSize: Int, draws: Int) {
        let count = 7
        func make() -> SummaryAccumulator { SummaryAccumulator(atMost: [0, 1.5], compression: 20, exactCapacity: 40) }
        var batch = SummaryAccumulatorBatch(count: count, blockSize: blockSize, make: make)
        var single = (0..<count).map { _ in make() }
        var g = SplitMix64(seed: UInt64(1000 * blockSize + draws))
        for _ in 0..<draws {
            let row = (0..<count).map { i -> Double in
                switch g.next() % 5 {
                case 0: 0
                case 1: -0.0
                case 2: Double(g.next() % 4)
                default: (g.uniform() - 0.3) * Double(i + 1) * 1e6
                }
            }
            batch.add(row)
            for i in 0..<count { single[i].add(row[i]) }
        }
        #expect(batch.pendingRows == draws % blockSize)
        for i in 0..<count {
            #expect(batch.accumulator(i) == single[i])
            #expect(batch.accumulator(i).summary.p95.bitPattern == single[i].summary.p95.bitPattern || draws == 0)
        }
        batch.flush()
        #expect(batch.pendingRows == 0)
        #expect(batch.handedOver == single)
    }

    /// The comparison can fail: one value left out of one accumulator is seen.
    @Test func aMissingValueIsSeen() {
        var batch = SummaryAccumulatorBatch(count: 2, blockSize: 4) { SummaryAccumulator() }
        var single = [SummaryAccumulator(), SummaryAccumulator()]
        for d in 0..<6 {
            batch.add([Double(d), Double(-d)])
            if d != 3 { single[1].add(Double(-d)) }
            single[0].add(Double(d))
        }
        #expect(batch.accumulator(0) == single[0])
        #expect(batch.accumulator(1) != single[1])
    }
}
