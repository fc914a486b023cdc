import RandomStreams
import Settlement

/// Draws a person's welfare category (建档立卡, 低保, 特困供养) from the
/// population's shares by inversion of one uniform: registered poor below the
/// first share, minimum living allowance below the first two, extreme poverty above.
public struct WelfareCategorySampler: Hashable, Sendable {
    /// Cumulative shares: registered poor, then registered poor plus minimum living allowance.
    @usableFromInline let registeredPoorUpTo: Double
    @usableFromInline let allowanceUpTo: Double

    /// Creates a sampler from shares indexed by ``WelfareCategory`` raw value (adding up to 1).
    public init(shares: [Double]) {
        precondition(shares.count == WelfareCategory.allCases.count, "one share per welfare category")
        registeredPoorUpTo = shares[WelfareCategory.registeredPoor.rawValue]
        allowanceUpTo = registeredPoorUpTo + shares[WelfareCategory.minimumLivingAllowance.rawValue]
    }

    /// The category of a uniform `u` in [0, 1).
    @inlinable
    public func category(uniform u: Double) -> WelfareCategory {
        u < registeredPoorUpTo ? .registeredPoor : (u < allowanceUpTo ? .minimumLivingAllowance : .extremePoverty)
    }

    /// Draws a category with one uniform of `stream`.
    @inlinable
    public func sample(_ stream: inout RandomStream) -> WelfareCategory {
        category(uniform: stream.nextDouble())
    }
}
