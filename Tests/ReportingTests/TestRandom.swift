import Foundation
import RandomStreams

/// The tests' reproducible samples from the seeded ``SplitMix64``.
extension SplitMix64 {

    /// Uniform in (0, 1): 53 random bits, offset by half a step.
    mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Exponential with rate 1 by inverse CDF.
    mutating func exponential() -> Double {
        -log(uniform())
    }

    /// `n` exponential draws from `seed`.
    static func exponentials(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in g.exponential() }
    }
}
