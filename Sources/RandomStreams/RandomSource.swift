/// A source of uniformly distributed random bits that the samplers draw from.
///
/// ``RandomStream`` is the production source; the protocol exists so that
/// samplers are generic (and specialized across modules) and so tests can feed
/// them scripted or deliberately biased bits.
public protocol RandomSource {
    /// Returns the next 32 uniformly distributed bits.
    mutating func nextUInt32() -> UInt32
    /// Returns the next 64 uniformly distributed bits.
    mutating func nextUInt64() -> UInt64
}

extension RandomSource {
    /// Returns a uniform `Double` in the open interval (0, 1) from one `UInt64`.
    ///
    /// The value is `(k + ½) / 2^52` for the top 52 bits `k`: 52-bit resolution,
    /// never 0 or 1 (so `log(u)` and `log(1 - u)` are always finite) and exactly
    /// symmetric (`1 - u` has the same distribution). 53 bits cannot be used with
    /// midpoints: `(2^53 - ½) / 2^53` rounds to 1.0.
    @inlinable
    public mutating func nextDouble() -> Double {
        uniform52(nextUInt64())
    }

    /// Returns a uniform `Double` in (0, 1) from one `UInt32`: `(k + ½) / 2^32`.
    ///
    /// Half the bits of ``nextDouble()`` and half the cost; for uses where 32-bit
    /// resolution is plenty, such as Bernoulli trials with moderate probabilities.
    @inlinable
    public mutating func nextDouble32() -> Double {
        (Double(nextUInt32()) + 0.5) * 0x1p-32
    }
}

/// ``RandomSource/nextDouble()``'s uniform of the 64 bits `bits`: `(k + ½) / 2^52` for their
/// top 52 bits `k`. For callers that hold words drawn in batches.
@inlinable @inline(__always)
public func uniform52(_ bits: UInt64) -> Double {
    (Double(bits >> 12) + 0.5) * 0x1p-52
}
