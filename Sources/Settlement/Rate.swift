/// A ratio such as a reimbursement ratio (报销比例), held exactly in parts per
/// million so that applying it to an amount rounds the same way on every
/// machine: half a fen rounds up.
@frozen
public struct Rate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The ratio in millionths: 0.95 is 950,000.
    public var ppm: Int64

    /// Creates a rate from millionths.
    @inlinable public init(ppm: Int64) { self.ppm = ppm }

    /// Creates a rate from a decimal ratio, which must be a whole number of
    /// millionths (0.95, 0.7, 0.123456); `nil` otherwise or when not finite.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        let scaled = (value * 1_000_000).rounded()
        guard abs(scaled - value * 1_000_000) < 1e-6, abs(scaled) < 1e15 else { return nil }
        self.ppm = Int64(scaled)
    }

    /// The rate as a `Double`.
    @inlinable public var value: Double { Double(ppm) / 1_000_000 }

    /// `amount × rate`, rounded to the fen, half up. `amount` must not be negative.
    ///
    /// Exact for every amount: the product is formed in 128 bits when it does not
    /// fit in 64 (a claim of 97,100,000,000.00 yuan at 0.95 already does not), so
    /// a large bill can never wrap round to a negative payment. The 64-bit path is
    /// taken whenever the product fits, which is every realistic claim, so the
    /// check costs one predictable branch. The result fits in 64 bits whenever
    /// the rate is at most 1 (the engine refuses others); beyond that it traps
    /// rather than wrap.
    @inlinable public func apply(to amount: Money) -> Money {
        let (product, overflow) = amount.fen.multipliedReportingOverflow(by: ppm)
        let (rounded, overflow2) = product.addingReportingOverflow(500_000)
        if _fastPath(!overflow && !overflow2) { return Money(fen: rounded / 1_000_000) }
        return Money(fen: Int64((Int128(amount.fen) * Int128(ppm) + 500_000) / 1_000_000))
    }

    /// The rate in shortest decimal form, e.g. "0.95".
    public var description: String {
        var text = String(ppm / 1_000_000)
        var fraction = ppm % 1_000_000
        if fraction == 0 { return text }
        var digits = ""
        var scale: Int64 = 100_000
        while fraction > 0 {
            digits.append(Character(String(fraction / scale)))
            fraction %= scale
            scale /= 10
        }
        text += "." + digits
        return text
    }

    /// 0%.
    public static let zero = Rate(ppm: 0)
    /// 100%.
    public static let one = Rate(ppm: 1_000_000)
    @inlinable public static func < (a: Rate, b: Rate) -> Bool { a.ppm < b.ppm }
}
