import Foundation
import Testing
@testable import Calibration

/// The cost family: log-normal by maximum likelihood, tested by Anderson–Darling;
/// moments when the test rejects. The test's size and power are checked against
/// binomial bounds over many samples.
@Suite("Cost distribution fit")
struct CostDistributionFitTests {
    static func lognormal(_ n: Int, seed: UInt64, mean: Double = 5000, cv: Double = 0.9) -> [Double] {
        var rng = SyntheticCounty.Stream(seed: seed, replicate: 7)
        return (0..<n).map { _ in rng.lognormal(mean: mean, cv: cv) }
    }

    /// Pareto with tail index 1.8 (finite mean, infinite variance) above 1,000 yuan: heavier than any log-normal.
    static func pareto(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SyntheticCounty.Stream(seed: seed, replicate: 9)
        return (0..<n).map { _ in 1000 * pow(rng.uniform(), -1 / 1.8) }
    }

    /// Bounds a count of Binomial(n, p) stays within except with probability 2 × alpha.
    static func binomialBounds(n: Int, p: Double, alpha: Double = 0.001) -> ClosedRange<Int> {
        var pmf: [Double] = []
        for k in 0...n {
            let choose: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            pmf.append(exp(choose + Double(k) * log(p) + Double(n - k) * log(1 - p)))
        }
        var low = 0, cumulative = 0.0
        while cumulative + pmf[low] <= alpha { cumulative += pmf[low]; low += 1 }
        var high = n
        cumulative = 0
        while cumulative + pmf[high] <= alpha { cumulative += pmf[high]; high -= 1 }
        return low...high
    }

    @Test func lognormalDataAreFittedByMaximumLikelihood() throws {
        let fit = try #require(CostDistributionFit.fit(Self.lognormal(4000, seed: 1), level: 0.05))
        #expect(fit.method == .lognormalMaximumLikelihood)
        #expect(abs(fit.mean - 5000) <= 3 * fit.meanSE, "\(fit.mean) ± \(fit.meanSE)")
        #expect(abs(fit.cv - 0.9) <= 3 * fit.cvSE, "\(fit.cv) ± \(fit.cvSE)")
        #expect(fit.description.hasPrefix("log-normal by maximum likelihood (Anderson–Darling A² = "))
    }

    @Test func heavyTailIsRejectedAndTheMomentsAreUsed() throws {
        let sample = Self.pareto(2000, seed: 2)
        let fit = try #require(CostDistributionFit.fit(sample, level: 0.05))
        #expect(fit.method == .moments)
        #expect(abs(fit.mean - sample.reduce(0, +) / Double(sample.count)) < 1e-6)
        #expect(fit.description.contains("log-normal REJECTED"))
        #expect(fit.description.contains("no heavier-tailed cost family"))
    }

    @Test func testHasItsSizeAndPower() {
        // 300 log-normal samples of 100: rejections at 5% ~ Binomial(300, 0.05) if the p-values are right.
        let samples = 300
        let rejectedTrue = (0..<samples).filter { s in
            (AndersonDarling.test(Self.lognormal(100, seed: UInt64(100 + s)).map { log($0) })?.pValue ?? 1) < 0.05
        }.count
        let bounds = Self.binomialBounds(n: samples, p: 0.05)
        #expect(bounds.contains(rejectedTrue), "\(rejectedTrue) of \(samples) log-normal samples rejected; expected within \(bounds)")
        // Power: Pareto samples of 100 are rejected most of the time; a test that never rejects fails here.
        let rejectedHeavy = (0..<100).filter { s in
            (AndersonDarling.test(Self.pareto(100, seed: UInt64(1000 + s)).map { log($0) })?.pValue ?? 1) < 0.05
        }.count
        #expect(rejectedHeavy >= 80, "only \(rejectedHeavy) of 100 heavy-tailed samples rejected")
    }

    @Test func zeroCostsAreLeftOutOfTheLogFitAndSaid() throws {
        let fit = try #require(CostDistributionFit.fit(Self.lognormal(500, seed: 3) + [0, 0], level: 0.05))
        #expect(fit.zeroCosts == 2 && fit.n == 502)
        #expect(fit.description.contains("2 zero costs left out of the log fit"))
    }

    @Test func momentsStandardErrorsMatchTheirDefinition() {
        var m = Moments()
        for x in [1.0, 2, 3, 4, 10] { m.add(x) }
        #expect(abs(m.mean - 4) < 1e-12)
        #expect(abs(m.variance - 10) < 1e-12)   // (9 + 4 + 1 + 0 + 36) / 5
        #expect(abs(m.meanSE - 2.0.squareRoot()) < 1e-12)   // √10 / √5
        var r = RatioSums()
        for (a, b) in [(9.0, 10.0), (18, 20), (27, 30)] { r.add(a, b) }
        #expect(abs(r.ratio - 0.9) < 1e-12 && r.standardError < 1e-9)   // an exact ratio has no spread
    }
}
