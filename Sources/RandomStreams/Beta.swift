/// The beta distribution on (0, 1) with shapes `alpha` and `beta`, e.g. for an
/// uncertain reimbursement ratio or take-up rate drawn once per Monte Carlo draw.
///
/// Draws `X / (X + Y)` for independent `X ~ Gamma(α, 1)` and `Y ~ Gamma(β, 1)`.
/// If both underflow to 0 (possible only for shapes far below 0.1) the pair is
/// drawn again.
public struct Beta: Distribution, Hashable {
    /// The first shape, α.
    public let alpha: Double
    /// The second shape, β.
    public let beta: Double

    @usableFromInline let first, second: Gamma

    /// Why `(α, β)` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ alpha: Double, _ beta: Double) -> DistributionParameterError? {
        if !(alpha > 0 && alpha.isFinite) {
            return DistributionParameterError(distribution: "Beta", parameter: "alpha", requirement: "finite and > 0")
        }
        if !(beta > 0 && beta.isFinite) {
            return DistributionParameterError(distribution: "Beta", parameter: "beta", requirement: "finite and > 0")
        }
        return nil
    }

    /// Creates the distribution; traps unless both shapes are finite and positive.
    @inlinable
    public init(alpha: Double, beta: Double) {
        requireValid(Self.problem(alpha, beta))
        self.alpha = alpha
        self.beta = beta
        first = Gamma(shape: alpha, scale: 1)
        second = Gamma(shape: beta, scale: 1)
    }

    /// Creates the distribution, throwing unless both shapes are finite and positive.
    @inlinable
    public static func validated(alpha: Double, beta: Double) throws(DistributionParameterError) -> Beta {
        if let error = problem(alpha, beta) { throw error }
        return Beta(alpha: alpha, beta: beta)
    }

    /// Draws one value in [0, 1].
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        while true {
            let x = first.sample(&source)
            let y = second.sample(&source)
            let sum = x + y
            if sum > 0 { return x / sum }
        }
    }
}
