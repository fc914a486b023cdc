/// An amount of money in whole fen (分, 0.01 yuan), exact. Settlement works in
/// integer fen so that a claim's tier payments and out-of-pocket add up to its
/// total cost exactly, with no floating-point residue.
@frozen
public struct Money: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in fen.
    public var fen: Int64

    /// Creates an amount from fen.
    @inlinable public init(fen: Int64) { self.fen = fen }

    /// Creates an amount from whole yuan.
    @inlinable public init(yuan: Int) { self.fen = Int64(yuan) &* 100 }

    /// Creates an amount from a yuan value, rounded to the nearest fen (halves
    /// away from zero); used where amounts come from sampled costs.
    @inlinable public init(roundingYuan yuan: Double) {
        self.fen = Int64((yuan * 100).rounded(.toNearestOrAwayFromZero))
    }

    /// Parses a decimal yuan amount with at most two decimals ("1200", "1200.5",
    /// "1200.50"); `nil` for anything else, including a sign or exponent.
    public init?(yuanString text: Substring) {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let d = Int64(byte - UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > 2 { return nil }
                fraction = fraction * 10 + d
            } else {
                digits += 1
                if digits > 13 { return nil }  // over 10^13 yuan: not a claim
                whole = whole * 10 + d
            }
        }
        if digits == 0 && fractionDigits == 0 { return nil }
        if seenPoint && fractionDigits == 0 { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        self.fen = whole * 100 + fraction
    }

    /// Parses a decimal yuan amount; see ``init(yuanString:)-(Substring)``.
    public init?(yuanString text: String) { self.init(yuanString: Substring(text)) }

    /// The amount in yuan as a `Double` (for statistics, not for settlement).
    @inlinable public var yuan: Double { Double(fen) / 100 }

    /// "1234.50": yuan with exactly two decimals, a leading "-" when negative.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Zero fen.
    public static let zero = Money(fen: 0)
    @inlinable public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen &+ b.fen) }
    @inlinable public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen &- b.fen) }
    @inlinable public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
}
