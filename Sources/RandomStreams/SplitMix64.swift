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
