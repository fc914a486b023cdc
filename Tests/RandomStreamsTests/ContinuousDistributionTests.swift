import Foundation
import Testing
import RandomStreams

@Suite("Continuous distributions: moments and equiprobable-bin chi-square fit")
struct ContinuousDistributionTests {
    @Test("Uniform(2, 5)")
    func uniform() {
        let xs = draws(Uniform(lowerBound: 2, upperBound: 5))
        #expect(xs.allSatisfy { $0 >= 2 && $0 <= 5 })
        let moments = checkMoments(xs, mean: 3.5, variance: 0.75, excessKurtosis: -1.2)
        #expect(moments.passes, "\(moments)")
        let fit = continuousFit(xs) { ($0 - 2) / 3 }
        #expect(fit.passes, "\(fit)")
    }

    @Test("Normal(10, 2), single draws and pairs")
    func normal() {
        let distribution = Normal(mean: 10, standardDeviation: 2)
        let xs = draws(distribution)
        let moments = checkMoments(xs, mean: 10, variance: 4, excessKurtosis: 0)
        #expect(moments.passes, "\(moments)")
        #expect(continuousFit(xs, cdf: normalCDF(10, 2)).passes)

        var stream = RandomStream(seed: 3, purpose: .parameterDraw, draw: 0, county: 0, year: 0, person: 0)
        var firsts: [Double] = [], seconds: [Double] = []
        for _ in 0..<(sampleSize / 2) {
            let (a, b) = distribution.samplePair(&stream)
            firsts.append(a); seconds.append(b)
        }
        let pairs = firsts + seconds
        #expect(checkMoments(pairs, mean: 10, variance: 4, excessKurtosis: 0).passes)
        #expect(continuousFit(pairs, cdf: normalCDF(10, 2)).passes)
        // The two halves of a pair are uncorrelated: |r| < 5/√n.
        let n = Double(firsts.count)
        let r = zip(firsts, seconds).reduce(0) { $0 + ($1.0 - 10) * ($1.1 - 10) } / (n * 4)
        #expect(abs(r) < 5 / n.squareRoot())
    }

    @Test("LogNormal from arithmetic mean 1000 and CV 0.5")
    func logNormal() {
        let distribution = LogNormal(mean: 1000, coefficientOfVariation: 0.5)
        let s2 = log(1.25)
        #expect(abs(distribution.logStandardDeviation - s2.squareRoot()) < 1e-15)
        #expect(abs(distribution.logMean - (log(1000) - s2 / 2)) < 1e-12)
        let xs = draws(distribution)
        #expect(xs.allSatisfy { $0 > 0 })
        let excess = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 6
        let moments = checkMoments(xs, mean: 1000, variance: 500 * 500, excessKurtosis: excess)
        #expect(moments.passes, "\(moments)")
        let toNormal = normalCDF(distribution.logMean, distribution.logStandardDeviation)
        let fit = continuousFit(xs) { toNormal(log($0)) }
        #expect(fit.passes, "\(fit)")
    }

    /// Shape 0.3 exercises the shape < 1 boost; 1 is the exponential; 2.5 and 30
    /// the plain Marsaglia–Tsang path.
    @Test("Gamma", arguments: [(0.3, 2.0), (1.0, 1.0), (2.5, 3.0), (30.0, 0.1)])
    func gamma(shape: Double, scale: Double) {
        let xs = draws(Gamma(shape: shape, scale: scale))
        #expect(xs.allSatisfy { $0 >= 0 })
        let moments = checkMoments(xs, mean: shape * scale, variance: shape * scale * scale, excessKurtosis: 6 / shape)
        #expect(moments.passes, "\(moments)")
        let fit = continuousFit(xs, cdf: gammaCDF(shape: shape, scale: scale))
        #expect(fit.passes, "\(fit)")
    }

    @Test("Beta(2, 5) and Beta(0.5, 0.5)")
    func beta() {
        func excessKurtosis(_ a: Double, _ b: Double) -> Double {
            6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3))
        }
        let xs = draws(Beta(alpha: 2, beta: 5))
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        let m1 = checkMoments(xs, mean: 2.0 / 7, variance: 10.0 / (49 * 8), excessKurtosis: excessKurtosis(2, 5))
        #expect(m1.passes, "\(m1)")
        let f1 = continuousFit(xs, cdf: betaCDFIntegerShapes(2, 5))
        #expect(f1.passes, "\(f1)")

        // Beta(½, ½) is the arcsine law, CDF (2/π)·asin(√x); both gammas use the boost.
        let ys = draws(Beta(alpha: 0.5, beta: 0.5))
        let m2 = checkMoments(ys, mean: 0.5, variance: 0.125, excessKurtosis: -1.5)
        #expect(m2.passes, "\(m2)")
        let f2 = continuousFit(ys) { 2 / Double.pi * asin($0.squareRoot()) }
        #expect(f2.passes, "\(f2)")
    }

    @Test("the checks reject a wrong hypothesis")
    func checksCanFail() {
        // N(0, 1) samples against a claimed mean of 0.03, 6.7 standard errors away
        // at n = 200k: beyond the 5-SE bound, so the check must reject it.
        let xs = draws(Normal.standard)
        let wrongMean = checkMoments(xs, mean: 0.03, variance: 1, excessKurtosis: 0)
        #expect(!wrongMean.meanAgrees, "\(wrongMean)")
        #expect(checkMoments(xs, mean: 0, variance: 1, excessKurtosis: 0).passes)
        // Gamma(2.5, 3) samples fitted against Gamma(2.6, 3).
        let gs = draws(Gamma(shape: 2.5, scale: 3))
        let fit = continuousFit(gs, cdf: gammaCDF(shape: 2.6, scale: 3))
        #expect(!fit.passes, "\(fit)")
        // LogNormal with CV 0.5 against the CDF for CV 0.55.
        let ls = draws(LogNormal(mean: 1000, coefficientOfVariation: 0.5))
        let wrong = LogNormal(mean: 1000, coefficientOfVariation: 0.55)
        let toNormal = normalCDF(wrong.logMean, wrong.logStandardDeviation)
        #expect(!continuousFit(ls) { toNormal(log($0)) }.passes)
    }
}
