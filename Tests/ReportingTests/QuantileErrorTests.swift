import Foundation
import Testing
import Reporting
import RandomStreams

/// The Monte Carlo standard error of a quantile estimate agrees with the
/// spread of the estimate over independent replicates.
@Suite("Quantile standard errors")
struct QuantileErrorTests {
    @Test("the P99's standard error matches the sd of P99 over 200 replicates within 4 sampling sds, and double it is rejected")
    func p99ErrorMatchesReplicates() {
        let replicates = 200, draws = 1000
        var estimates: [Double] = []
        var errors: [Double] = []
        var g = SplitMix64(seed: 42)
        for _ in 0..<replicates {
            var a = SummaryAccumulator(compression: 200, exactCapacity: 256)
            for _ in 0..<draws { a.add(g.exponential()) }
            estimates.append(a.summary.p99)
            errors.append(a.quantileStandardError(0.99))
        }
        let mean = estimates.reduce(0, +) / Double(replicates)
        let sd = (estimates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(replicates - 1)).squareRoot()
        let se = errors.reduce(0, +) / Double(replicates)
        // Theory for Exp(1): sd of the p99 estimate ≈ √(q(1 − q)/n) / f(Q(q)) = √(0.0099/1000) / 0.01 ≈ 0.315.
        // The sd of 200 replicates is itself uncertain by about 1/√(2·199) ≈ 5%; the estimated se varies too.
        let relativeSD = 1 / (2 * Double(replicates - 1)).squareRoot()
        let seSpread = (errors.map { ($0 - se) * ($0 - se) }.reduce(0, +) / Double(replicates - 1)).squareRoot() / Double(replicates).squareRoot()
        let bound = 4 * ((relativeSD * sd) * (relativeSD * sd) + seSpread * seSpread).squareRoot()
        #expect(abs(se - sd) <= bound, "mean se \(se), replicate sd \(sd), bound \(bound)")
        #expect(abs(2 * se - sd) > bound, "the test rejects a standard error twice too large")
        #expect(abs(se - 0.315) < 0.1)
    }

    @Test("fewer than 2 draws: no standard error")
    func tooFew() {
        var a = SummaryAccumulator()
        a.add(1)
        #expect(a.quantileStandardError(0.99).isNaN)
    }
}

@Suite struct SummaryWithStandardErrorsTests {
    /// One query for the summary and the errors gives the bits of `summary` and
    /// `quantileStandardError` asked one by one, in the exact phase and the digest's.
    @Test(arguments: [0, 1, 2, 3, 40, 300, 2_500])
    func sameAsOneByOne(draws: Int) {
        var a = SummaryAccumulator(compression: 20, exactCapacity: 100)
        var g = SplitMix64(seed: UInt64(draws) + 7)
        for _ in 0..<draws { a.add(g.next() % 3 == 0 ? 0 : g.exponential() * 1e4) }
        let levels = [0.95, 0.99, 0.5, 0.0, 1.0]
        let (summary, errors) = a.summary(withStandardErrorsAt: levels)
        #expect(summary.fields().elementsEqual(a.summary.fields()))
        #expect(errors.map(\.bitPattern) == levels.map { a.quantileStandardError($0).bitPattern })
        // …and the comparison would see another level's error.
        if draws >= 40 { #expect(errors[0].bitPattern != a.quantileStandardError(0.9).bitPattern) }
    }
}
