import Testing
@testable import Reporting
import RandomStreams

@Suite struct QuantileSketchTests {
    /// Reference type 7 computed independently: linear interpolation between
    /// order statistics x[k] at p_k = k/(n−1).
    private func reference(_ sorted: [Double], _ q: Double) -> Double {
        let n = sorted.count
        if n == 1 { return sorted[0] }
        for k in 0..<(n - 1) {
            let pk = Double(k) / Double(n - 1), pk1 = Double(k + 1) / Double(n - 1)
            if q <= pk1 {
                let t = (q - pk) / (pk1 - pk)
                return sorted[k] + t * (sorted[k + 1] - sorted[k])
            }
        }
        return sorted[n - 1]
    }

    @Test func type7MatchesKnownRValues() {
        // R: quantile(c(1, 2, 3, 4, 10), c(0.05, 0.5, 0.9, 0.95, 0.99))
        let x: [Double] = [1, 2, 3, 4, 10]
        let expected: [Double] = [1.2, 3.0, 7.6, 8.8, 9.76]
        for (q, e) in zip(Summary.quantileLevels, expected) {
            #expect(Swift.abs(SampleQuantile.type7(sorted: x, q) - e) < 1e-12)
        }
        #expect(SampleQuantile.type7(sorted: [7], 0.5) == 7)
        #expect(SampleQuantile.type7(sorted: [], 0.5).isNaN)
    }

    @Test(arguments: [1, 2, 3, 10, 999, 1_000])
    func exactUpToCapacity(n: Int) {
        let values = SplitMix64.exponentials(n, seed: UInt64(n))
        var sketch = QuantileSketch()
        values.forEach { sketch.add($0) }
        #expect(sketch.isExact)
        let sorted = values.sorted()
        for q in [0.0, 0.01, 0.05, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0] {
            let got = sketch.quantile(q), want = reference(sorted, q)
            #expect(Swift.abs(got - want) <= 1e-12 * Swift.max(1, Swift.abs(want)), "n=\(n) q=\(q)")
        }
        #expect(sketch.minimum == sorted.first && sketch.maximum == sorted.last)
    }

    @Test func sketchWithinDocumentedRankError() {
        let n = 100_000
        let values = SplitMix64.exponentials(n, seed: 2017)
        var sketch = QuantileSketch()
        values.forEach { sketch.add($0) }
        #expect(!sketch.isExact)
        let sorted = values.sorted()
        for q in [0.01, 0.05, 0.5, 0.9, 0.95, 0.99] {
            let estimate = sketch.quantile(q)
            // Empirical rank of the estimate: the fraction of draws below it,
            // taken at whichever end of a run of ties is closest to q.
            let below = Double(sorted.partitioningIndex(where: { $0 >= estimate })) / Double(n - 1)
            let atMost = Double(sorted.partitioningIndex(where: { $0 > estimate })) / Double(n - 1)
            let rankError = q < below ? below - q : (q > atMost ? q - atMost : 0)
            #expect(rankError <= sketch.rankErrorBound(at: q), "q=\(q) rank error \(rankError)")
        }
        #expect(sketch.quantile(0) == sorted.first && sketch.quantile(1) == sorted.last)
    }

    @Test func memoryDoesNotGrowWithCount() {
        var sketch = QuantileSketch(compression: 100, exactCapacity: 0)
        var g = SplitMix64(seed: 9)
        var sizes: [Int] = []
        for i in 1...200_000 {
            sketch.add(g.exponential())
            if i % 50_000 == 0 { sizes.append(sketch.centroidCount) }
        }
        #expect(sizes.allSatisfy { $0 <= 100 }, "centroid counts \(sizes)")
    }

    @Test func sameInputGivesIdenticalBits() {
        let values = SplitMix64.exponentials(30_000, seed: 42)
        func run(queryingMidway: Bool) -> [UInt64] {
            var s = QuantileSketch()
            for (i, v) in values.enumerated() {
                s.add(v)
                if queryingMidway && i % 7_777 == 0 { _ = s.quantile(0.5) }
            }
            return s.quantiles(Summary.quantileLevels).map(\.bitPattern)
        }
        #expect(run(queryingMidway: false) == run(queryingMidway: false))
        #expect(run(queryingMidway: false) == run(queryingMidway: true))
    }

    @Test func emptyGivesNaN() {
        #expect(QuantileSketch().quantile(0.5).isNaN)
    }
}

extension Array where Element == Double {
    /// First index whose element satisfies `predicate`, for a predicate that
    /// is false then true along this sorted array.
    func partitioningIndex(where predicate: (Double) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
