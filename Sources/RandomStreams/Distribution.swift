/// A probability distribution that can draw values from a ``RandomSource``.
///
/// Conforming types are immutable value types whose parameters are checked and
/// whose set-up work (tables, constants) is done once, in the initializer, so
/// that `sample` is cheap and can be called from many threads on copies.
public protocol Distribution: Sendable {
    /// The type of value drawn.
    associatedtype Value
    /// Draws one value, consuming bits from `source`.
    func sample<Source: RandomSource>(_ source: inout Source) -> Value
}

/// A distribution parameter that is out of range, reported by the throwing
/// `validated` factories that check parameters read from configuration or data.
///
/// The plain initializers check the same conditions with `precondition`, for
/// parameters computed by the program itself, where a bad value is a bug.
public struct DistributionParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The distribution, e.g. `"Binomial"`.
    public var distribution: String
    /// The parameter at fault, e.g. `"probability"`.
    public var parameter: String
    /// The condition it failed, e.g. `"0 <= probability <= 1"`.
    public var requirement: String

    /// Creates an error naming the distribution, parameter and violated requirement.
    public init(distribution: String, parameter: String, requirement: String) {
        self.distribution = distribution
        self.parameter = parameter
        self.requirement = requirement
    }

    /// A one-line explanation, e.g. `Binomial: probability must satisfy 0 <= p <= 1`.
    public var description: String {
        "\(distribution): \(parameter) must satisfy \(requirement)"
    }
}

/// Traps with the error's description if `error` is non-nil: the plain
/// initializers' shared `precondition` on the conditions `validated` throws for.
@inlinable
func requireValid(_ error: DistributionParameterError?) {
    if let error { preconditionFailure(error.description) }
}
