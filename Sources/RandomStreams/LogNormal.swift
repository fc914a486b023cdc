/// The lognormal distribution: `exp(μ + σZ)` for standard normal `Z`, the usual
/// model for right-skewed medical costs.
///
/// Parameterized by the mean μ and standard deviation σ of the logarithm, or,
/// via ``init(mean:coefficientOfVariation:)``, by the arithmetic mean and
/// coefficient of variation that cost studies usually report.
public struct LogNormal: Distribution, Hashable {
    /// μ, the mean of the logarithm.
    public let logMean: Double
    /// σ, the standard deviation of the logarithm (0 gives the constant e^μ).
    public let logStandardDeviation: Double

    /// Why `(μ, σ)` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ mu: Double, _ sigma: Double) -> DistributionParameterError? {
        if !mu.isFinite {
            return DistributionParameterError(distribution: "LogNormal", parameter: "logMean", requirement: "finite")
        }
        if !(sigma >= 0 && sigma.isFinite) {
            return DistributionParameterError(
                distribution: "LogNormal", parameter: "logStandardDeviation", requirement: "finite and >= 0")
        }
        return nil
    }

    /// Why an arithmetic (mean, CV) pair is unusable, or nil if it is usable.
    @inlinable
    static func problem(mean: Double, cv: Double) -> DistributionParameterError? {
        if !(mean > 0 && mean.isFinite) {
            return DistributionParameterError(distribution: "LogNormal", parameter: "mean", requirement: "finite and > 0")
        }
        if !(cv >= 0 && cv.isFinite) {
            return DistributionParameterError(
                distribution: "LogNormal", parameter: "coefficientOfVariation", requirement: "finite and >= 0")
        }
        return nil
    }

    /// Creates the distribution from μ and σ of the logarithm; traps unless μ is
    /// finite and σ finite and non-negative.
    @inlinable
    public init(logMean: Double, logStandardDeviation: Double) {
        requireValid(Self.problem(logMean, logStandardDeviation))
        self.logMean = logMean
        self.logStandardDeviation = logStandardDeviation
    }

    /// Creates the distribution with arithmetic mean `mean` and coefficient of
    /// variation `cv` (standard deviation / mean): σ² = ln(1 + cv²) and
    /// μ = ln(mean) − σ²/2. Traps unless `mean > 0` and `cv >= 0`, both finite.
    @inlinable
    public init(mean: Double, coefficientOfVariation cv: Double) {
        requireValid(Self.problem(mean: mean, cv: cv))
        let variance = libmLog1p(cv * cv)
        self.init(logMean: libmLog(mean) - variance / 2, logStandardDeviation: variance.squareRoot())
    }

    /// Creates the distribution from μ and σ of the logarithm, throwing on a
    /// non-finite μ or a negative or non-finite σ.
    @inlinable
    public static func validated(
        logMean: Double, logStandardDeviation: Double
    ) throws(DistributionParameterError) -> LogNormal {
        if let error = problem(logMean, logStandardDeviation) { throw error }
        return LogNormal(logMean: logMean, logStandardDeviation: logStandardDeviation)
    }

    /// Creates the distribution from its arithmetic mean and coefficient of
    /// variation, throwing unless `mean > 0` and `cv >= 0`, both finite.
    @inlinable
    public static func validated(
        mean: Double, coefficientOfVariation cv: Double
    ) throws(DistributionParameterError) -> LogNormal {
        if let error = problem(mean: mean, cv: cv) { throw error }
        return LogNormal(mean: mean, coefficientOfVariation: cv)
    }

    /// Draws one positive value, consuming two `UInt64`s.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        libmExp(logMean + logStandardDeviation * Normal.standardSample(&source))
    }
}

extension LogNormal {
    /// Draws `exp(μ + σZ)` with `Z` from `normals` on one 64-bit word of `source` (52-bit
    /// position; the wedge, tail and restarts draw further words): exact, with no division and,
    /// besides the `exp`, no transcendental function in 99.3% of draws.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source, normals: NormalZiggurat) -> Double {
        libmExp(logMean + logStandardDeviation * normals.sample(wide: source.nextUInt64(), source: &source))
    }
}
