#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Running sums of a sample and its powers: the mean, the coefficient of
/// variation and their standard errors (delta method on the first four
/// moments, so they hold for any distribution with a finite fourth moment).
struct Moments: Sendable {
    var n = 0
    var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0

    mutating func add(_ x: Double) {
        n += 1
        let x2 = x * x
        s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2
    }

    var mean: Double { n > 0 ? s1 / Double(n) : 0 }
    /// Central moments (divisor n).
    var variance: Double { n > 0 ? max(0, s2 / Double(n) - mean * mean) : 0 }
    var sd: Double { variance.squareRoot() }
    var thirdCentral: Double {
        let m = mean, k = Double(n)
        return s3 / k - 3 * m * s2 / k + 2 * m * m * m
    }
    var fourthCentral: Double {
        let m = mean, k = Double(n)
        return s4 / k - 4 * m * s3 / k + 6 * m * m * s2 / k - 3 * m * m * m * m
    }
    /// Standard error of the mean.
    var meanSE: Double { n > 1 ? sd / Double(n).squareRoot() : 0 }
    /// The sample coefficient of variation.
    var cv: Double { mean > 0 ? sd / mean : 0 }
    /// Its standard error: Var(s/m) ≈ [σ⁴/m⁴ + (μ₄ − σ⁴)/(4m²σ²) − μ₃/m³] / n.
    var cvSE: Double {
        let m = mean, v = variance
        guard n > 1, m > 0, v > 0 else { return 0 }
        let value = (v * v / (m * m * m * m) + (fourthCentral - v * v) / (4 * m * m * v) - thirdCentral / (m * m * m)) / Double(n)
        return max(0, value).squareRoot()
    }
}

/// A ratio estimator R = Σa / Σb over independent units, with its
/// linearisation standard error √(Σ(aᵢ − R bᵢ)²) / Σb.
struct RatioSums: Sendable {
    var n = 0
    var a = 0.0, b = 0.0, aa = 0.0, ab = 0.0, bb = 0.0

    mutating func add(_ x: Double, _ y: Double) {
        n += 1
        a += x; b += y; aa += x * x; ab += x * y; bb += y * y
    }

    var ratio: Double { b > 0 ? a / b : 0 }
    var standardError: Double {
        guard b > 0, n > 1 else { return 0 }
        let r = ratio
        return max(0, aa - 2 * r * ab + r * r * bb).squareRoot() / b
    }
}

/// The standard normal distribution function Φ, and its upper tail, accurate in the tails (via erfc).
enum NormalDistribution {
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}

/// The Anderson–Darling test of normality with mean and variance estimated
/// from the sample (D'Agostino and Stephens 1986, case 3): the statistic
/// with the small-sample factor A*² = A²(1 + 0.75/n + 2.25/n²) and its
/// p-value from their piecewise exponential approximation. Applied to the
/// logarithms of costs it tests the log-normal family.
enum AndersonDarling {
    /// `(A*², p)` for a sample of at least 8 values, else `nil`.
    static func test(_ sample: [Double]) -> (statistic: Double, pValue: Double)? {
        let n = sample.count
        guard n >= 8 else { return nil }
        let sorted = sample.sorted()
        let k = Double(n)
        let mean = sorted.reduce(0, +) / k
        let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (k - 1)
        guard variance > 0 else { return (.infinity, 0) }
        let sd = variance.squareRoot()
        var sum = 0.0
        for i in 0..<n {
            let lower = max(NormalDistribution.cdf((sorted[i] - mean) / sd), 1e-300)
            let upper = max(NormalDistribution.upperTail((sorted[n - 1 - i] - mean) / sd), 1e-300)
            sum += Double(2 * i + 1) * (log(lower) + log(upper))
        }
        let a2 = -k - sum / k
        let a = a2 * (1 + 0.75 / k + 2.25 / (k * k))
        let p: Double
        switch a {
        case 0.6...: p = exp(1.2937 - 5.709 * a + 0.0186 * a * a)
        case 0.34..<0.6: p = exp(0.9177 - 4.279 * a - 1.38 * a * a)
        case 0.2..<0.34: p = 1 - exp(-8.318 + 42.796 * a - 59.938 * a * a)
        default: p = 1 - exp(-13.436 + 101.14 * a - 223.73 * a * a)
        }
        return (a, min(1, max(0, p)))
    }
}
