/// The SplitMix64 output function (Steele, Lea and Flood 2014, "Fast splittable
/// pseudorandom number generators"; constants of Stafford's "Mix13" variant).
///
/// It is a bijection on `UInt64` with full avalanche, which is why it is used to
/// turn (seed, purpose) into a Philox key: distinct inputs can never collide, and
/// seeds or purposes that differ in one bit give unrelated keys.
@inlinable
public func splitMix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The SplitMix64 generator (Steele, Lea and Flood 2014): a 64-bit counter
/// advanced by the golden-ratio increment and passed through ``splitMix64(_:)``.
///
/// Why: the model's randomness comes from the counter-based ``RandomStream``;
/// this small sequential generator is for what only needs reproducible bits
/// from one seed, such as synthetic inputs of tests and benchmarks (the random
/// claims files, the settlement benchmark's claims, random matrices). It is the
/// one copy: the same seed gives the same sequence everywhere, so files made
/// from it keep their bytes.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The increment: 2^64 divided by the golden ratio, odd.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The counter; the next output is ``splitMix64(_:)`` of it plus ``increment``.
    public var state: UInt64

    /// A generator whose counter starts at `seed`.
    @inlinable
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return splitMix64(state)
    }
}
