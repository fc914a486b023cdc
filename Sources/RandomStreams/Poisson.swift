/// The Poisson distribution with mean `mean` (λ), e.g. the number of hospital
/// admissions of a person in a year.
///
/// Exact algorithms, chosen once at construction:
/// - λ < 10: inversion by sequential search (expected `1 + λ` steps);
/// - λ >= 10: PTRS, Hörmann's transformed rejection with squeeze (W. Hörmann,
///   "The transformed rejection method for generating Poisson random variables",
///   Insurance: Mathematics and Economics 12, 1993), about 1.1 pairs of uniforms
///   per draw whatever λ is.
public struct Poisson: Distribution, Hashable {
    /// The mean and variance, λ.
    public let mean: Double

    /// Constants: inversion uses `exp(-λ)`; PTRS uses the rest.
    @usableFromInline let expMinusMean, logMean, a, b, logInverseAlpha, vr: Double
    @usableFromInline let usesRejection: Bool

    /// The largest supported λ; beyond it draws would not fit the Int
    /// arithmetic comfortably and a normal approximation is the better model.
    public static let maximumMean = 0x1p40

    /// Why `λ` is unusable, or nil if it is usable.
    @inlinable
    static func problem(_ mean: Double) -> DistributionParameterError? {
        guard mean >= 0, mean <= maximumMean else {
            return DistributionParameterError(
                distribution: "Poisson", parameter: "mean", requirement: "0 <= mean <= 2^40")
        }
        return nil
    }

    /// Creates the distribution; traps unless `0 <= mean <= maximumMean`.
    @inlinable
    public init(mean: Double) {
        requireValid(Self.problem(mean))
        self.mean = mean
        usesRejection = mean >= 10
        expMinusMean = libmExp(-mean)
        logMean = libmLog(mean)
        let root = mean.squareRoot()
        b = 0.931 + 2.53 * root
        a = -0.059 + 0.02483 * b
        logInverseAlpha = libmLog(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
    }

    /// Creates the distribution, throwing unless `0 <= mean <= maximumMean` (NaN fails).
    @inlinable
    public static func validated(mean: Double) throws(DistributionParameterError) -> Poisson {
        if let error = problem(mean) { throw error }
        return Poisson(mean: mean)
    }

    /// Draws one count.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Int {
        usesRejection ? ptrs(&source) : inversion(&source)
    }

    /// Sequential search: accumulates P(0), P(1), ... until the sum reaches `u`.
    /// If the terms underflow before that (a ~1e-16 event), starts again.
    @inlinable
    func inversion<Source: RandomSource>(_ source: inout Source) -> Int {
        while true {
            let u = source.nextDouble()
            var k = 0
            var term = expMinusMean
            var sum = term
            while u > sum {
                k += 1
                term *= mean / Double(k)
                if term == 0 { break }
                sum += term
            }
            if u <= sum { return k }
        }
    }

    /// Hörmann's PTRS, steps 1-3.
    @inlinable
    func ptrs<Source: RandomSource>(_ source: inout Source) -> Int {
        while true {
            let u = source.nextDouble() - 0.5
            let v = source.nextDouble()
            let us = 0.5 - abs(u)
            let kReal = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(kReal) }
            if kReal < 0 || (us < 0.013 && v > us) { continue }
            // Reject absurd candidates before converting to Int; their density is ~0.
            if kReal > 16 * mean + 1000 { continue }
            let k = Int(kReal)
            let lhs = libmLog(v) + logInverseAlpha - libmLog(a / (us * us) + b)
            if lhs <= -mean + Double(k) * logMean - LogFactorial.of(k) { return k }
        }
    }
}
