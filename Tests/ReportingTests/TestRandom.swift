import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator so the
/// tests draw reproducible samples without depending on other modules.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
        var g = SplitMix64(state: seed)
        return (0..<n).map { _ in g.exponential() }
    }
}
