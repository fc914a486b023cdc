/// The Bernoulli distribution: `true` with probability `p`, e.g. whether a person
/// falls ill this year.
///
/// Draws `u < p` with `u` from ``RandomSource/nextDouble()``, so `p` is honoured
/// to 2^-52 and `p = 0` / `p = 1` give `false` / `true` always.
public struct Bernoulli: Distribution, Hashable {
    /// The probability of `true`.
    public let probability: Double

    /// Why `p` is unusable, or nil if it is usable.
    @inlinable
    static func problem(_ p: Double) -> DistributionParameterError? {
        guard p >= 0, p <= 1 else {
            return DistributionParameterError(
                distribution: "Bernoulli", parameter: "probability", requirement: "0 <= p <= 1")
        }
        return nil
    }

    /// Creates the distribution; traps unless `0 <= probability <= 1`.
    @inlinable
    public init(probability: Double) {
        requireValid(Self.problem(probability))
        self.probability = probability
    }

    /// Creates the distribution, throwing unless `0 <= probability <= 1` (NaN fails).
    @inlinable
    public static func validated(probability: Double) throws(DistributionParameterError) -> Bernoulli {
        if let error = problem(probability) { throw error }
        return Bernoulli(probability: probability)
    }

    /// Draws one trial, consuming one `UInt64`.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Bool {
        source.nextDouble() < probability
    }
}
