import Testing
@testable import Reporting
import RandomStreams

@Suite struct SummaryTests {
    private func relativeError(_ a: Double, _ b: Double) -> Double {
        Swift.abs(a - b) / Swift.max(Swift.abs(b), .leastNormalMagnitude)
    }

    @Test func momentsMatchTwoPass() {
        // Offset by 1e6 to expose the cancellation a naive sum of squares has.
        let values = SplitMix64.exponentials(50_000, seed: 7).map { $0 + 1e6 }
        var m = RunningMoments()
        values.forEach { m.add($0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        #expect(m.count == values.count)
        #expect(relativeError(m.mean, mean) < 1e-12)
        #expect(relativeError(m.variance, variance) < 1e-9)
        #expect(relativeError(m.standardDeviation, variance.squareRoot()) < 1e-9)
    }

    @Test func momentsMatchTwoPassOnUnitScale() {
        let values = SplitMix64.exponentials(10_000, seed: 8)
        var m = RunningMoments()
        values.forEach { m.add($0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        #expect(relativeError(m.mean, mean) < 1e-12)
        #expect(relativeError(m.variance, variance) < 1e-12)
    }

    @Test(arguments: [0, 1, 2, 500, 9_999])
    func mergeEqualsSequential(split: Int) {
        let values = SplitMix64.exponentials(10_000, seed: 11)
        var all = RunningMoments(), left = RunningMoments(), right = RunningMoments()
        values.forEach { all.add($0) }
        values[..<split].forEach { left.add($0) }
        values[split...].forEach { right.add($0) }
        left.merge(right)
        #expect(left.count == all.count)
        #expect(relativeError(left.mean, all.mean) < 1e-12)
        #expect(relativeError(left.variance, all.variance) < 1e-12)
    }

    @Test func smallCountsGiveNaNSpread() {
        var m = RunningMoments()
        #expect(m.standardDeviation.isNaN)
        m.add(3)
        #expect(m.mean == 3 && m.standardDeviation.isNaN)
        m.add(5)
        #expect(m.mean == 4 && m.variance == 2)
    }

    @Test func accumulatorSummaryIsExactForSmallRuns() {
        var acc = SummaryAccumulator(atMost: [0, 2])
        for v: Double in [-3, 1, 2, 4, 10, -1, 0, 7, 2, 5] { acc.add(v) }
        let s = acc.summary
        let sorted: [Double] = [-3, -1, 0, 1, 2, 2, 4, 5, 7, 10]
        #expect(s.count == 10)
        #expect(s.mean == 2.7)
        #expect(s.min == -3 && s.max == 10)
        #expect(s.p50 == 2)
        #expect(s.p05 == SampleQuantile.type7(sorted: sorted, 0.05))
        #expect(Swift.abs(s.p05 - (-2.1)) < 1e-12)
        #expect(Swift.abs(s.p99 - 9.73) < 1e-12)
        #expect(acc.fractionAtMost(0) == 0.3)
        #expect(acc.fractionAtMost(2) == 0.6)
    }

    @Test func emptyAccumulatorGivesNaN() {
        let s = SummaryAccumulator(atMost: [0])
        #expect(s.summary.count == 0)
        #expect(s.summary.mean.isNaN && s.summary.p50.isNaN && s.summary.min.isNaN)
        #expect(s.fractionAtMost(0).isNaN)
    }

    @Test func accumulatorIsDeterministicBeyondExactPhase() {
        let values = SplitMix64.exponentials(20_000, seed: 5).map { $0 - 1 }
        func run() -> (Summary, Double) {
            var acc = SummaryAccumulator(atMost: [0])
            values.forEach { acc.add($0) }
            return (acc.summary, acc.fractionAtMost(0))
        }
        let (a, fa) = run(), (b, fb) = run()
        let bits = { (s: Summary) in [s.mean, s.sd, s.p05, s.p50, s.p90, s.p95, s.p99].map(\.bitPattern) }
        #expect(bits(a) == bits(b) && fa == fb)
        // P(Exp(1) ≤ 1) = 1 − e⁻¹ ≈ 0.632; 20,000 draws: sd ≈ 0.0034.
        #expect(Swift.abs(fa - 0.6321) < 0.02)
    }

    @Test func fieldsFollowColumnNames() {
        let s = Summary(count: 3, mean: 1.5, sd: 0.25, min: 1, p05: 1.1, p50: 1.5, p90: 1.9, p95: 1.95, p99: 1.99, max: 2)
        #expect(s.fields() == ["3", "1.5", "0.25", "1.0", "1.1", "1.5", "1.9", "1.95", "1.99", "2.0"])
        #expect(s.fields(NumberText.money) == ["3", "1.50", "0.25", "1.00", "1.10", "1.50", "1.90", "1.95", "1.99", "2.00"])
        #expect(s.fields().count == Summary.columnNames.count)
    }
}
