/// The binomial distribution: the number of successes in `count` independent
/// trials with success probability `probability`, e.g. how many of a village's
/// insured fall ill.
///
/// Exact algorithms, chosen once at construction (with `p' = min(p, 1 - p)` and
/// the count reflected when `p > ½`):
/// - `count·p' < 10`: inversion by sequential search from 0 (expected `1 + count·p'` steps);
/// - otherwise BTRS, Hörmann's transformed rejection with squeeze (W. Hörmann,
///   "The generation of binomial random variates", J. Statist. Comput. Simul. 46,
///   1993), which takes about 1.15 pairs of uniforms per draw whatever `count` is.
public struct Binomial: Distribution, Hashable {
    /// The number of trials, `n`.
    public let count: Int
    /// The success probability of each trial, `p`.
    public let probability: Double

    /// The sampler chosen for these parameters, with its precomputed constants.
    @usableFromInline
    enum Method: Hashable, Sendable {
        /// Always this value (`p` is 0 or 1, or `n` is 0).
        case constant(Int)
        /// Sequential search: `q^n`, the ratio `s = p/q` and `a = (n + 1)s`.
        case inversion(firstProbability: Double, ratio: Double, shift: Double)
        /// Hörmann's BTRS constants.
        case transformedRejection(BTRS)
    }

    /// Constants of BTRS (Hörmann 1993, algorithm BTRS, step 0), for `p <= ½`.
    @usableFromInline
    struct BTRS: Hashable, Sendable {
        @usableFromInline let a, b, c, alpha, vr, logOdds, h: Double
        @usableFromInline let mode: Int

        @inlinable
        init(n: Int, p: Double) {
            let q = 1 - p
            let spq = (Double(n) * p * q).squareRoot()
            b = 1.15 + 2.53 * spq
            a = -0.0873 + 0.0248 * b + 0.01 * p
            c = Double(n) * p + 0.5
            vr = 0.92 - 4.2 / b
            alpha = (2.83 + 5.1 / b) * spq
            logOdds = libmLog(p / q)
            mode = Int((Double(n + 1) * p).rounded(.down))
            h = LogFactorial.of(mode) + LogFactorial.of(n - mode)
        }
    }

    @usableFromInline let method: Method
    /// Whether draws are reflected (`n - k`), because `p > ½`.
    @usableFromInline let reflected: Bool

    /// Why `(n, p)` is unusable, or nil if it is usable.
    @inlinable
    static func problem(_ n: Int, _ p: Double) -> DistributionParameterError? {
        if n < 0 {
            return DistributionParameterError(distribution: "Binomial", parameter: "count", requirement: "count >= 0")
        }
        if !(p >= 0 && p <= 1) {
            return DistributionParameterError(distribution: "Binomial", parameter: "probability", requirement: "0 <= p <= 1")
        }
        return nil
    }

    /// Creates the distribution; traps unless `count >= 0` and `0 <= probability <= 1`.
    @inlinable
    public init(count: Int, probability: Double) {
        requireValid(Self.problem(count, probability))
        self.count = count
        self.probability = probability
        reflected = probability > 0.5
        let p = reflected ? 1 - probability : probability
        if count == 0 || p == 0 {
            method = .constant(0)
        } else if Double(count) * p < 10 {
            let q = 1 - p
            let ratio = p / q
            method = .inversion(
                firstProbability: libmExp(Double(count) * libmLog1p(-p)),
                ratio: ratio, shift: Double(count + 1) * ratio)
        } else {
            method = .transformedRejection(BTRS(n: count, p: p))
        }
    }

    /// Creates the distribution, throwing unless `count >= 0` and `0 <= probability <= 1`.
    @inlinable
    public static func validated(count: Int, probability: Double) throws(DistributionParameterError) -> Binomial {
        if let error = problem(count, probability) { throw error }
        return Binomial(count: count, probability: probability)
    }

    /// Draws one count in `0...count`.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Int {
        let k: Int
        switch method {
        case .constant(let value):
            k = value
        case .inversion(let first, let ratio, let shift):
            k = Self.inversion(count, first, ratio, shift, &source)
        case .transformedRejection(let constants):
            k = Self.btrs(count, constants, &source)
        }
        return reflected ? count - k : k
    }

    /// Sequential search: subtracts P(0), P(1), ... from `u` until it goes
    /// non-positive, with P(x) = P(x-1)·((n+1)/x - 1)·p/q. If rounding leaves `u`
    /// above the total mass (a ~1e-16 event), it starts again with a fresh `u`.
    @inlinable
    static func inversion<Source: RandomSource>(
        _ n: Int, _ first: Double, _ ratio: Double, _ shift: Double, _ source: inout Source
    ) -> Int {
        while true {
            var u = source.nextDouble()
            var x = 0
            var px = first
            while u > px {
                u -= px
                x += 1
                if x > n { break }
                px *= shift / Double(x) - ratio
            }
            if x <= n { return x }
        }
    }

    /// Hörmann's BTRS, steps 1-4 (log-space acceptance with exact ln k!).
    @inlinable
    static func btrs<Source: RandomSource>(_ n: Int, _ t: BTRS, _ source: inout Source) -> Int {
        while true {
            let u = source.nextDouble() - 0.5
            var v = source.nextDouble()
            let us = 0.5 - abs(u)
            let kReal = ((2 * t.a / us + t.b) * u + t.c).rounded(.down)
            if kReal < 0 || kReal > Double(n) { continue }
            let k = Int(kReal)
            if us >= 0.07 && v <= t.vr { return k }
            v = libmLog(v * t.alpha / (t.a / (us * us) + t.b))
            let bound = t.h - LogFactorial.of(k) - LogFactorial.of(n - k) + Double(k - t.mode) * t.logOdds
            if v <= bound { return k }
        }
    }
}
