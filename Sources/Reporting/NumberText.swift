/// Deterministic, locale-free text for numbers in CSV output.
///
/// Why: forecasts must be byte-reproducible from scenario, seed and program
/// version, so number text may not depend on locale or C `printf`, and money
/// must show exactly two decimals with a stated rounding rule. Everything
/// here avoids `String(format:)` (slow, locale- and platform-dependent).
public enum NumberText {
    /// Shortest text that reads back as the same `Double` (Swift's
    /// `description`, e.g. `0.1`, `1.0`, `1e-05`, `nan`, `inf`): exact and
    /// compact for statistics.
    public static func shortest(_ value: Double) -> String {
        value.description
    }

    /// Yuan with exactly two decimals, rounding the exact binary value of
    /// `yuan` half away from zero (`0.125` → `"0.13"`, `-2.5` → `"-2.50"`,
    /// `1.005` → `"1.00"` because the double 1.005 is just below it).
    /// Non-finite values give `nan`, `inf`, `-inf`.
    public static func money(_ yuan: Double) -> String {
        fixed(yuan, decimals: 2)
    }

    /// An integer amount of fen (0.01 yuan) as yuan with two decimals:
    /// `12345` → `"123.45"`, `-5` → `"-0.05"`. Exact for every `Int64`.
    public static func money(fen: Int64) -> String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return (fen < 0 ? "-" : "") + String(magnitude / 100) + (cents < 10 ? ".0" : ".") + String(cents)
    }

    /// `value` with exactly `decimals` (0…15) digits after the point, the
    /// exact binary value rounded half away from zero; no sign when the
    /// rounded value is zero. `|value|` must be below 9.2e18. Non-finite
    /// values give `nan`, `inf`, `-inf`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        precondition((0...15).contains(decimals), "decimals must lie in 0...15")
        guard value.isFinite else { return value.description }
        let (negative, whole, digits) = fixedParts(value, decimals: decimals)
        var text = (negative ? "-" : "") + String(whole)
        guard decimals > 0 else { return text }
        let fractionText = String(digits)
        text += "."
        text += String(repeating: "0", count: decimals - fractionText.count)
        text += fractionText
        return text
    }

    /// Appends ``fixed(_:decimals:)``'s text of `value` (the same bytes, UTF-8) to `bytes`,
    /// without making a `String`: for tables of millions of numbers (`draws.csv`).
    public static func appendFixed(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        precondition((0...15).contains(decimals), "decimals must lie in 0...15")
        guard value.isFinite else { bytes.append(contentsOf: value.description.utf8); return }
        let parts = fixedParts(value, decimals: decimals)
        var whole = parts.whole, digits = parts.digits
        if parts.negative { bytes.append(UInt8(ascii: "-")) }
        // The integer part's decimal digits (at least one), then `decimals` digits of the fraction, zero-padded.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { text in
            var end = text.count
            for _ in 0..<decimals {
                end -= 1
                text[end] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
            }
            if decimals > 0 { end -= 1; text[end] = UInt8(ascii: ".") }
            repeat {
                end -= 1
                text[end] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
            } while whole > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[end...]))
        }
    }

    /// The finite `value` rounded to `decimals` digits after the point, half away from zero
    /// on its exact binary value: the sign to show (none when the rounded value is zero), the
    /// integer part, and the fraction as an integer of `decimals` digits. `|value|` must be below 9.2e18.
    private static func fixedParts(_ value: Double, decimals: Int) -> (negative: Bool, whole: UInt64, digits: UInt64) {
        let magnitude = Swift.abs(value)
        precondition(magnitude < 9.2e18, "value too large for fixed-point text")
        // Split exactly: both the integer part and the remainder are exact.
        let integerPart = magnitude.rounded(.towardZero)
        let fraction = magnitude - integerPart
        let scale = powersOfTen[decimals]
        // fraction × scale = product + error exactly (FMA gives the error).
        let product = fraction * scale
        let error = (-product).addingProduct(fraction, scale)
        let floorProduct = product.rounded(.down)
        // Round up when (product − floor) + error ≥ ½; product − floor and the
        // subtraction of ½ are exact in every case that can reach the tie.
        let roundsUp = (product - floorProduct) - 0.5 >= -error
        var digits = UInt64(floorProduct) + (roundsUp ? 1 : 0)
        var whole = UInt64(integerPart)
        let unit = UInt64(scale)
        if digits >= unit { digits -= unit; whole += 1 }
        return (value < 0 && (whole != 0 || digits != 0), whole, digits)
    }

    private static let powersOfTen: [Double] = (0...15).map { p in
        (0..<p).reduce(1.0) { acc, _ in acc * 10 }
    }
}
