/// A categorical distribution over the indices `0..<weights.count`, drawn with
/// probability proportional to the weights, e.g. which disease group a case
/// belongs to, or which reimbursement tier applies.
///
/// Uses Walker's alias method as set up by Vose (M. D. Vose, "A linear algorithm
/// for generating random numbers with a given distribution", IEEE TSE 17, 1991):
/// the table is built once in O(k); each draw is O(1) and consumes one `UInt64`,
/// whose integer part picks a column and whose fraction picks the column's
/// own index or its alias.
public struct Categorical: Distribution, Hashable {
    /// The normalized probabilities of the categories (summing to 1 up to rounding).
    public let probabilities: [Double]

    /// Per column, the probability of keeping the column's own index.
    @usableFromInline let acceptance: [Double]
    /// Per column, the index drawn when the column's own index is not kept.
    @usableFromInline let alias: [Int]
    /// Per column c, the index drawn when the coin says alias (at 2c) and when it keeps
    /// c (at 2c + 1): the coin's sign bit indexes it, so a draw has no branch (see ``sample(uniform:)``).
    @usableFromInline let outcomes: [Int]

    /// Why `weights` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ weights: [Double]) -> DistributionParameterError? {
        if weights.isEmpty {
            return DistributionParameterError(
                distribution: "Categorical", parameter: "weights", requirement: "at least one weight")
        }
        if !weights.allSatisfy({ $0 >= 0 && $0.isFinite }) {
            return DistributionParameterError(
                distribution: "Categorical", parameter: "weights", requirement: "every weight finite and >= 0")
        }
        let total = weights.reduce(0, +)
        if !(total > 0 && total.isFinite) {
            return DistributionParameterError(
                distribution: "Categorical", parameter: "weights", requirement: "a positive, finite sum")
        }
        return nil
    }

    /// Builds the alias table for `weights`; traps unless the weights are
    /// non-empty, finite, non-negative and have a positive finite sum.
    public init(weights: [Double]) {
        requireValid(Self.problem(weights))
        let k = weights.count
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }
        var scaled = probabilities.map { $0 * Double(k) }
        var acceptance = [Double](repeating: 1, count: k)
        var alias = Array(0..<k)
        var small: [Int] = [], large: [Int] = []
        for (i, x) in scaled.enumerated() {
            if x < 1 { small.append(i) } else { large.append(i) }
        }
        while let s = small.last, let l = large.last {
            small.removeLast()
            large.removeLast()
            acceptance[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Whatever is left over (only rounding residue in `small`) keeps its own index.
        self.acceptance = acceptance
        self.alias = alias
        outcomes = (0..<k).flatMap { [alias[$0], $0] }
    }

    /// Builds the alias table, throwing if the weights are empty, negative,
    /// non-finite, or sum to zero.
    public static func validated(weights: [Double]) throws(DistributionParameterError) -> Categorical {
        if let error = problem(weights) { throw error }
        return Categorical(weights: weights)
    }

    /// Draws one category index, consuming one `UInt64` (``RandomSource/nextDouble()``).
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Int {
        sample(uniform: source.nextDouble())
    }

    /// The category of a given uniform `u` in (0, 1), for callers that draw their uniforms
    /// themselves (several from one Philox block, or words drawn in batches): the integer part
    /// of u·k picks a column, and the coin `fraction < acceptance` keeps the column's own index.
    /// The coin is the sign bit of `fraction − acceptance` (both in [0, 1]: their difference is
    /// +0 when they are equal and otherwise has their order's sign), which indexes ``outcomes``:
    /// no branch, which the compiler would make of the choice and a random coin mispredicts.
    @inlinable @inline(__always)
    public func sample(uniform u: Double) -> Int {
        let k = acceptance.count
        let x = u * Double(k)
        let column = min(Int(x), k &- 1)
        let keeps = Int(truncatingIfNeeded: ((x - Double(column)) - acceptance[column]).bitPattern >> 63)
        return outcomes[2 &* column &+ keeps]
    }
}
