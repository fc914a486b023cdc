import Foundation
import Testing
import RandomStreams

@Suite("Discrete distributions: moments and chi-square fit")
struct DiscreteDistributionTests {
    @Test("Bernoulli(0.3)")
    func bernoulli() {
        let p = 0.3, q = 0.7
        let xs = draws(Bernoulli(probability: p)).map { $0 ? 1 : 0 }
        let moments = checkMoments(asDoubles(xs), mean: p, variance: p * q, excessKurtosis: (1 - 6 * p * q) / (p * q))
        #expect(moments.passes, "\(moments)")
        let fit = discreteFit(xs) { $0 == 1 ? p : $0 == 0 ? q : 0 }
        #expect(fit.passes, "\(fit)")
    }

    @Test("Bernoulli with p = 0 and p = 1 is constant")
    func bernoulliEdges() {
        #expect(draws(Bernoulli(probability: 0), count: 10_000).allSatisfy { !$0 })
        #expect(draws(Bernoulli(probability: 1), count: 10_000).allSatisfy { $0 })
    }

    /// One case per sampler branch: inversion and BTRS, each with and without
    /// the reflection used for p > ½.
    @Test("Binomial", arguments: [(20, 0.2), (50, 0.9), (1000, 0.3), (200, 0.7), (40, 0.25)])
    func binomial(n: Int, p: Double) {
        let q = 1 - p
        let xs = draws(Binomial(count: n, probability: p))
        #expect(xs.allSatisfy { (0...n).contains($0) })
        let npq = Double(n) * p * q
        let moments = checkMoments(asDoubles(xs), mean: Double(n) * p, variance: npq, excessKurtosis: (1 - 6 * p * q) / npq)
        #expect(moments.passes, "\(moments)")
        let fit = discreteFit(xs, pmf: binomialPMF(n, p))
        #expect(fit.passes, "\(fit)")
    }

    @Test("Binomial degenerate cases")
    func binomialEdges() {
        #expect(draws(Binomial(count: 0, probability: 0.5), count: 100).allSatisfy { $0 == 0 })
        #expect(draws(Binomial(count: 17, probability: 0), count: 100).allSatisfy { $0 == 0 })
        #expect(draws(Binomial(count: 17, probability: 1), count: 100).allSatisfy { $0 == 17 })
        // Huge n with tiny p goes through inversion without overflow.
        let xs = draws(Binomial(count: 1_000_000_000, probability: 2e-9), count: 20_000)
        let moments = checkMoments(asDoubles(xs), mean: 2, variance: 2 * (1 - 2e-9), excessKurtosis: 0.5)
        #expect(moments.passes, "\(moments)")
    }

    /// Inversion below λ = 10, PTRS from 10 up; 10 itself is the switch point.
    @Test("Poisson", arguments: [0.05, 3.5, 9.99, 10.0, 45.0, 2_500.0])
    func poisson(lambda: Double) {
        let xs = draws(Poisson(mean: lambda))
        #expect(xs.allSatisfy { $0 >= 0 })
        let moments = checkMoments(asDoubles(xs), mean: lambda, variance: lambda, excessKurtosis: 1 / lambda)
        #expect(moments.passes, "\(moments)")
        let fit = discreteFit(xs, pmf: poissonPMF(lambda))
        #expect(fit.passes, "\(fit)")
    }

    @Test("Poisson(0) is always 0")
    func poissonZero() {
        #expect(draws(Poisson(mean: 0), count: 1000).allSatisfy { $0 == 0 })
    }

    @Test("Categorical via the alias table, including a zero weight")
    func categorical() {
        let weights = [0.5, 3, 0, 1, 2.5, 10, 0.02, 6]
        let total = weights.reduce(0, +)
        let probabilities = weights.map { $0 / total }
        let distribution = Categorical(weights: weights)
        #expect(zip(distribution.probabilities, probabilities).allSatisfy { abs($0 - $1) < 1e-15 })
        let xs = draws(distribution)
        #expect(!xs.contains(2), "a zero-weight category was drawn")
        let mean = probabilities.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
        func central(_ r: Double) -> Double {
            probabilities.enumerated().reduce(0) { $0 + pow(Double($1.offset) - mean, r) * $1.element }
        }
        let variance = central(2)
        let moments = checkMoments(asDoubles(xs), mean: mean, variance: variance, excessKurtosis: central(4) / (variance * variance) - 3)
        #expect(moments.passes, "\(moments)")
        let fit = discreteFit(xs) { $0 < probabilities.count ? probabilities[$0] : 0 }
        #expect(fit.passes, "\(fit)")
    }

    @Test("Categorical with one category, and with equal weights")
    func categoricalSmall() {
        #expect(draws(Categorical(weights: [4]), count: 1000).allSatisfy { $0 == 0 })
        let xs = draws(Categorical(weights: Array(repeating: 1, count: 37)))
        let fit = discreteFit(xs) { $0 < 37 ? 1.0 / 37 : 0 }
        #expect(fit.passes, "\(fit)")
    }

    @Test("the checks reject a wrong hypothesis")
    func checksCanFail() {
        // Poisson(3.5) samples tested as Poisson(3.6): the mean is off by 0.1, i.e.
        // 24 standard errors at n = 200k, and the pmf differs by ~3% in the tails.
        let xs = draws(Poisson(mean: 3.5))
        #expect(!checkMoments(asDoubles(xs), mean: 3.6, variance: 3.6, excessKurtosis: 1 / 3.6).meanAgrees)
        let fit = discreteFit(xs, pmf: poissonPMF(3.6))
        #expect(!fit.passes, "\(fit)")
        // Binomial(1000, 0.3) samples against a variance 5% too large.
        let ys = asDoubles(draws(Binomial(count: 1000, probability: 0.3)))
        #expect(!checkMoments(ys, mean: 300, variance: 220.5, excessKurtosis: 0).varianceAgrees)
    }
}
