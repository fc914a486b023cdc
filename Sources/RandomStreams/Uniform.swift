/// The continuous uniform distribution on [lowerBound, upperBound].
///
/// Draws `a + (b - a)·u` with `u` from ``RandomSource/nextDouble()``; `u` is in
/// (0, 1), but rounding can still land a draw exactly on an endpoint.
public struct Uniform: Distribution, Hashable {
    /// The smallest value, `a`.
    public let lowerBound: Double
    /// The largest value, `b`.
    public let upperBound: Double

    /// Why `a` and `b` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ a: Double, _ b: Double) -> DistributionParameterError? {
        guard a < b, (b - a).isFinite else {
            return DistributionParameterError(
                distribution: "Uniform", parameter: "bounds",
                requirement: "lowerBound < upperBound with a finite difference")
        }
        return nil
    }

    /// Creates the distribution on `[lowerBound, upperBound]`; traps unless
    /// `lowerBound < upperBound` and their difference is finite.
    @inlinable
    public init(lowerBound: Double, upperBound: Double) {
        requireValid(Self.problem(lowerBound, upperBound))
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// Creates the distribution, throwing unless `lowerBound < upperBound` and
    /// their difference is finite (so neither bound is infinite or NaN).
    @inlinable
    public static func validated(
        lowerBound: Double, upperBound: Double
    ) throws(DistributionParameterError) -> Uniform {
        if let error = problem(lowerBound, upperBound) { throw error }
        return Uniform(lowerBound: lowerBound, upperBound: upperBound)
    }

    /// Draws one value, consuming one `UInt64`.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        lowerBound + (upperBound - lowerBound) * source.nextDouble()
    }
}
