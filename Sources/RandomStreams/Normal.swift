/// The normal distribution with mean `mean` and standard deviation `standardDeviation`.
///
/// Uses the Box–Muller transform, `√(-2 ln u₁)·cos(2π u₂)`, rather than
/// Marsaglia's polar method: it consumes exactly two `UInt64`s (one Philox block)
/// per draw, so how far a stream has advanced does not depend on the values
/// drawn, and it has no rejection loop. ``samplePair(_:)`` returns the sine
/// partner as well, for callers that need normals two at a time.
public struct Normal: Distribution, Hashable {
    /// The mean, μ.
    public let mean: Double
    /// The standard deviation, σ (0 gives the constant μ).
    public let standardDeviation: Double

    /// Why `(μ, σ)` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ mean: Double, _ sd: Double) -> DistributionParameterError? {
        if !mean.isFinite {
            return DistributionParameterError(distribution: "Normal", parameter: "mean", requirement: "finite")
        }
        if !(sd >= 0 && sd.isFinite) {
            return DistributionParameterError(
                distribution: "Normal", parameter: "standardDeviation", requirement: "finite and >= 0")
        }
        return nil
    }

    /// Creates the distribution; traps unless `mean` is finite and
    /// `standardDeviation` is finite and non-negative.
    @inlinable
    public init(mean: Double, standardDeviation: Double) {
        requireValid(Self.problem(mean, standardDeviation))
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Creates the distribution, throwing on a non-finite mean or a negative or
    /// non-finite standard deviation.
    @inlinable
    public static func validated(
        mean: Double, standardDeviation: Double
    ) throws(DistributionParameterError) -> Normal {
        if let error = problem(mean, standardDeviation) { throw error }
        return Normal(mean: mean, standardDeviation: standardDeviation)
    }

    /// The standard normal distribution, N(0, 1).
    public static let standard = Normal(mean: 0, standardDeviation: 1)

    /// Draws a pair of independent standard normals (Box–Muller), consuming two `UInt64`s.
    @inlinable
    public static func standardPair<Source: RandomSource>(_ source: inout Source) -> (Double, Double) {
        let radius = (-2 * libmLog(source.nextDouble())).squareRoot()
        let angle = 2 * Double.pi * source.nextDouble()
        return (radius * libmCos(angle), radius * libmSin(angle))
    }

    /// Draws one standard normal (the cosine half of Box–Muller), consuming two `UInt64`s.
    @inlinable
    public static func standardSample<Source: RandomSource>(_ source: inout Source) -> Double {
        let radius = (-2 * libmLog(source.nextDouble())).squareRoot()
        return radius * libmCos(2 * Double.pi * source.nextDouble())
    }

    /// Draws one value, consuming two `UInt64`s.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        mean + standardDeviation * Self.standardSample(&source)
    }

    /// Draws two independent values, consuming two `UInt64`s.
    @inlinable
    public func samplePair<Source: RandomSource>(_ source: inout Source) -> (Double, Double) {
        let (z1, z2) = Self.standardPair(&source)
        return (mean + standardDeviation * z1, mean + standardDeviation * z2)
    }
}
