/// A number as written in a scenario file, kept as decimal digits so that
/// limits on decimals are checked on the text, never through a `Double`
/// (`0.9000000000001` is not 0.9). Accepts the YAML 1.2 core-schema decimal
/// forms: an optional sign, digits with an optional point (`12`, `0.85`, `.5`,
/// `5.`), and an optional exponent (`2.0e-05`, `1e3`, `1E+3`).
struct DecimalText: Hashable, Sendable {
    /// Whether a minus sign was written.
    let negative: Bool
    /// The significant digits, without leading or trailing zeros (`[]` for zero).
    let digits: [UInt8]
    /// The power of ten of the last digit: value = digits × 10^exponent.
    let exponent: Int

    /// Parses the text; `nil` when it is not a YAML 1.2 decimal number (or its exponent is absurd).
    init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var integerDigits = 0
        var seenPoint = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            } else {
                break
            }
            index = bytes.index(after: index)
        }
        // `.5` and `5.` are numbers; a lone `.` is not.
        guard integerDigits + fractionDigits > 0 else { return nil }
        var exponent = -fractionDigits
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index = bytes.index(after: index)
            var exponentNegative = false
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index = bytes.index(after: index)
            }
            var value = 0
            var count = 0
            while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                guard value < 100_000 else { return nil }  // |exponent| beyond any finite Double
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                count += 1
                index = bytes.index(after: index)
            }
            guard count > 0, index == bytes.endIndex else { return nil }
            exponent += exponentNegative ? -value : value
        }
        // Normalise: no leading zeros, no trailing zeros (moved into the exponent).
        var start = 0
        while start < mantissa.count && mantissa[start] == 0 { start += 1 }
        var end = mantissa.count
        while end > start && mantissa[end - 1] == 0 {
            end -= 1
            exponent += 1
        }
        self.negative = negative
        self.digits = Array(mantissa[start..<end])
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// Whether the number is zero.
    var isZero: Bool { digits.isEmpty }

    /// Decimal places needed to write the number exactly (0 for whole numbers).
    var decimals: Int { max(0, -exponent) }

    /// The number written without an exponent, e.g. `0.00002` for `2.0e-05`, `1000` for `1e3`
    /// (no sign); `nil` when that would take more than `limit` characters.
    func plain(limit: Int = 40) -> String? {
        if digits.isEmpty { return "0" }
        let integerCount = digits.count + exponent
        guard max(integerCount, 1) + decimals + 1 <= limit else { return nil }
        let text = digits.map { Character(Unicode.Scalar($0 + UInt8(ascii: "0"))) }
        if exponent >= 0 { return String(text) + String(repeating: "0", count: exponent) }
        if integerCount > 0 { return String(text[..<integerCount]) + "." + String(text[integerCount...]) }
        return "0." + String(repeating: "0", count: -integerCount) + String(text)
    }

    /// The nearest `Double` (may be infinite or zero for extreme exponents: callers check).
    var double: Double {
        guard let text = plain(limit: 400) else { return exponent > 0 ? (negative ? -.infinity : .infinity) : 0 }
        let value = Double(text) ?? .nan
        return negative ? -value : value
    }

    /// The number scaled by 10^places as an exact integer, or `nil` when it has more
    /// decimals than `places` or does not fit in 18 digits.
    func scaled(by places: Int) -> Int64? {
        guard decimals <= places else { return nil }
        let zeros = exponent + places
        guard digits.count + zeros <= 18 else { return nil }
        var value: Int64 = 0
        for d in digits { value = value * 10 + Int64(d) }
        for _ in 0..<zeros { value *= 10 }
        return negative ? -value : value
    }
}
