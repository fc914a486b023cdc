import Foundation
import RandomStreams

// Test-only statistics: moment checks with bounds derived from the sample size,
// and chi-square goodness-of-fit tests with a documented critical value.
// Every check returns its statistic and bound so tests can assert both that a
// correct sampler passes and that a wrong hypothesis is rejected.

/// How many samples each distribution test draws: large enough that a 5-SE bound
/// on the mean is about 1% of σ, small enough to keep the whole suite at about
/// two seconds in a debug build.
let sampleSize = 200_000

/// Draws `count` values from `distribution` on a fixed stream (a test-only
/// purpose, number 900), one stream per `person`.
func draws<D: Distribution>(_ distribution: D, count: Int = sampleSize, person: UInt32 = 0) -> [D.Value] {
    var stream = RandomStream(
        seed: 0x5EED_2024, purpose: StreamPurpose(rawValue: 900), draw: 0, county: 0, year: 0, person: person)
    return (0..<count).map { _ in distribution.sample(&stream) }
}

/// Result of comparing a sample's mean and variance with their true values.
struct MomentCheck: CustomStringConvertible {
    var sampleMean, sampleVariance, meanBound, varianceBound, expectedMean, expectedVariance: Double
    var meanAgrees: Bool { abs(sampleMean - expectedMean) < meanBound }
    var varianceAgrees: Bool { abs(sampleVariance - expectedVariance) < varianceBound }
    var passes: Bool { meanAgrees && varianceAgrees }
    var description: String {
        "mean \(sampleMean) vs \(expectedMean) ± \(meanBound); variance \(sampleVariance) vs \(expectedVariance) ± \(varianceBound)"
    }
}

/// Compares the sample mean and variance with the true `mean`, `variance`, using
/// 5-standard-error bounds from the sample size `n`:
/// - mean: SE = σ/√n (central limit theorem);
/// - variance: the sample variance s² has Var(s²) = σ⁴·(κ − 1)/n + O(1/n²), where
///   κ = 3 + `excessKurtosis` is the distribution's kurtosis (the variance of the
///   variance), so SE = σ²·√((κ − 1)/n). Using the true kurtosis rather than a
///   normal-theory 2σ⁴/n matters for skewed laws (Gamma(0.3) has κ = 23).
/// Under the hypothesis each check fails with probability ≈ 6e-7; with fixed
/// seeds the outcome is deterministic, but the bound is what makes it meaningful.
func checkMoments(_ xs: [Double], mean: Double, variance: Double, excessKurtosis: Double) -> MomentCheck {
    let n = Double(xs.count)
    let m = xs.reduce(0, +) / n
    let s2 = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return MomentCheck(
        sampleMean: m, sampleVariance: s2,
        meanBound: 5 * (variance / n).squareRoot(),
        varianceBound: 5 * variance * ((excessKurtosis + 2) / n).squareRoot(),
        expectedMean: mean, expectedVariance: variance)
}

/// Integer samples as Doubles, for ``checkMoments``.
func asDoubles(_ xs: [Int]) -> [Double] { xs.map(Double.init) }

/// Result of a chi-square goodness-of-fit test.
struct ChiSquare: CustomStringConvertible {
    var statistic: Double
    var degreesOfFreedom: Int
    /// The upper 0.1% point of χ²(df) by the Wilson–Hilferty approximation
    /// χ²₀.₉₉₉ ≈ df·(1 − 2/(9df) + z·√(2/(9df)))³ with z = 3.0902 (the normal
    /// 0.999 quantile); within 0.5% of the exact value for df ≥ 3 (e.g. 85.4 vs
    /// the exact 85.35 for df = 49). A correct sampler fails with probability 0.001.
    var criticalValue: Double {
        let k = Double(degreesOfFreedom)
        let t = 2 / (9 * k)
        let w = 1 - t + 3.090_232 * t.squareRoot()
        return k * w * w * w
    }
    var passes: Bool { statistic < criticalValue }
    var description: String { "χ² = \(statistic) on \(degreesOfFreedom) df, critical \(criticalValue)" }
}

/// Pearson's chi-square of `observed` counts against `expected` counts (same bins).
func chiSquare(observed: [Int], expected: [Double]) -> ChiSquare {
    // A bin of probability 0 (a zero-weight category) carries no degree of freedom
    // while it stays empty, and refutes the hypothesis outright once it is hit.
    var statistic = 0.0, bins = 0
    for (o, e) in zip(observed, expected) {
        if e == 0 {
            if o > 0 { statistic = .infinity }
            continue
        }
        statistic += (Double(o) - e) * (Double(o) - e) / e
        bins += 1
    }
    return ChiSquare(statistic: statistic, degreesOfFreedom: bins - 1)
}

/// Chi-square test of integer samples against a probability mass function on
/// 0, 1, 2, ...: values are binned individually over the range where the
/// expected count is at least 5 (the usual validity rule), and each sparse tail
/// is pooled into the outermost bin on its side, whose probability is then the
/// whole tail mass (the upper one is 1 minus everything below it).
func discreteFit(_ xs: [Int], pmf: (Int) -> Double) -> ChiSquare {
    let n = Double(xs.count)
    // Scan one past the largest sample so that the dense range cannot be cut short.
    let masses = (0...(xs.max()! + 1)).map(pmf)
    let dense = masses.indices.filter { masses[$0] * n >= 5 }
    let low = dense.first!, high = dense.last!
    var observed = [Int](repeating: 0, count: high - low + 1)
    for x in xs { observed[min(max(x, low), high) - low] += 1 }
    var probabilities = Array(masses[low..<high])
    probabilities[0] += masses[0..<low].reduce(0, +)
    probabilities.append(1 - masses[0..<high].reduce(0, +))
    return chiSquare(observed: observed, expected: probabilities.map { $0 * n })
}

/// Chi-square test of continuous samples against a CDF on `bins` equiprobable
/// bins: bin i holds the samples with CDF(x) in [i/bins, (i+1)/bins), each
/// expected to hold n/bins samples (4000 for 200k samples and 50 bins).
func continuousFit(_ xs: [Double], bins: Int = 50, cdf: (Double) -> Double) -> ChiSquare {
    var observed = [Int](repeating: 0, count: bins)
    for x in xs {
        let bin = min(bins - 1, max(0, Int(cdf(x) * Double(bins))))
        observed[bin] += 1
    }
    return chiSquare(observed: observed, expected: Array(repeating: Double(xs.count) / Double(bins), count: bins))
}

// MARK: - Reference CDFs and PMFs, written independently of the samplers.

/// ln k! for k < 10 000 by cumulative sums of logs (obviously right, computed once).
let logFactorials: [Double] = (0..<10_000).reduce(into: []) { t, k in t.append(k == 0 ? 0 : t[k - 1] + log(Double(k))) }
func logFactorial(_ k: Int) -> Double { logFactorials[k] }

func binomialPMF(_ n: Int, _ p: Double) -> (Int) -> Double {
    { k in
        guard k >= 0 && k <= n else { return 0 }
        return exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }
}

func poissonPMF(_ lambda: Double) -> (Int) -> Double {
    { k in k < 0 ? 0 : exp(-lambda + Double(k) * log(lambda) - logFactorial(k)) }
}

func normalCDF(_ mean: Double, _ sd: Double) -> (Double) -> Double {
    { x in 0.5 * erfc(-(x - mean) / (sd * 2.0.squareRoot())) }
}

/// Regularized lower incomplete gamma P(a, x): the series for x < a + 1, else
/// the Legendre continued fraction (modified Lentz), both to 1e-14.
func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
    if x <= 0 { return 0 }
    let logPrefix = a * log(x) - x - log(tgamma(a))
    if x < a + 1 {
        var term = 1 / a, sum = term, ap = a
        for _ in 0..<10_000 {
            ap += 1; term *= x / ap; sum += term
            if term < sum * 1e-15 { break }
        }
        return sum * exp(logPrefix)
    }
    var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
    for i in 1..<10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b; if abs(d) < 1e-300 { d = 1e-300 }
        c = b + an / c; if abs(c) < 1e-300 { c = 1e-300 }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15 { break }
    }
    return 1 - exp(logPrefix) * h
}

func gammaCDF(shape: Double, scale: Double) -> (Double) -> Double {
    { x in regularizedGammaP(shape, x / scale) }
}

/// Beta CDF for integer shapes: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a).
func betaCDFIntegerShapes(_ a: Int, _ b: Int) -> (Double) -> Double {
    let n = a + b - 1
    let coefficients = (0...n).map { j in exp(logFactorial(n) - logFactorial(j) - logFactorial(n - j)) }
    return { x in
        var sum = 0.0
        for j in a...n {
            sum += coefficients[j] * pow(x, Double(j)) * pow(1 - x, Double(n - j))
        }
        return sum
    }
}

/// Result of a one-sample Kolmogorov–Smirnov test.
struct KolmogorovSmirnov: CustomStringConvertible {
    /// D = sup |F_n(x) − F(x)|.
    var statistic: Double
    var sampleSize: Int
    /// The Dvoretzky–Kiefer–Wolfowitz bound at level α = 10⁻⁶ (Massart's constant):
    /// P(D > ε) ≤ 2·exp(−2nε²), so ε = √(ln(2/α) / (2n)); a correct sampler fails with
    /// probability below 10⁻⁶ (0.0027 for n = 10⁶, 0.0060 for 2 × 10⁵).
    var criticalValue: Double { (log(2 / 1e-6) / (2 * Double(sampleSize))).squareRoot() }
    var passes: Bool { statistic < criticalValue }
    var description: String { "D = \(statistic) for n = \(sampleSize), critical \(criticalValue)" }
}

/// The Kolmogorov–Smirnov statistic of continuous samples against `cdf`.
func kolmogorovSmirnov(_ xs: [Double], cdf: (Double) -> Double) -> KolmogorovSmirnov {
    let sorted = xs.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return KolmogorovSmirnov(statistic: d, sampleSize: sorted.count)
}
