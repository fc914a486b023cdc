import Settlement
import Cohort

/// Field values of the calibration inputs, parsed from a record's bytes with
/// the claims contract's spellings (ASCII case ignored for words).
enum FieldParsing {
    /// A field's bytes (``CSVRecordReader/field(_:)``).
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// The largest amount accepted (1 billion yuan), as for claims files.
    static let maximumFen: Int64 = 100_000_000_000

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// Whether the bytes spell `word` (lower-case ASCII), ignoring case.
    static func equals(_ bytes: Bytes, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<bytes.count where lower(bytes[i]) != w[i] { return false }
        return true
    }

    /// `true` / `false` / `1` / `0`.
    static func boolean(_ bytes: Bytes) -> Bool? {
        if equals(bytes, "true") || equals(bytes, "1") { return true }
        if equals(bytes, "false") || equals(bytes, "0") { return false }
        return nil
    }

    /// A non-negative whole number of at most 9 digits.
    static func wholeNumber(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty && bytes.count <= 9 else { return nil }
        var value = 0
        for b in bytes {
            let d = Int(b) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// A yuan amount with at most two decimals, no sign or exponent ("1200", "1200.5", ".50"), to fen.
    static func amount(_ bytes: Bytes) -> Money? {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digits = 0
        var seenPoint = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            let d = Int64(b) - 48
            guard d >= 0 && d <= 9 else { return nil }
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > 2 { return nil }
                fraction = fraction * 10 + d
            } else {
                digits += 1
                if whole > maximumFen / 100 { return nil }
                whole = whole * 10 + d
            }
        }
        if digits == 0 && fractionDigits == 0 { return nil }
        if seenPoint && fractionDigits == 0 { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let fen = whole * 100 + fraction
        return fen > maximumFen ? nil : Money(fen: fen)
    }

    static func setting(_ bytes: Bytes) -> ClaimSetting? {
        if equals(bytes, "general_outpatient") { return .generalOutpatient }
        if equals(bytes, "inpatient") { return .inpatient }
        if equals(bytes, "chronic_outpatient") { return .chronicOutpatient }
        if equals(bytes, "major_disease") { return .majorDisease }
        return nil
    }

    static func level(_ bytes: Bytes) -> FacilityLevel? {
        if equals(bytes, "township") { return .township }
        if equals(bytes, "county") { return .county }
        if equals(bytes, "prefecture") { return .prefecture }
        if equals(bytes, "provincial") { return .provincial }
        return nil
    }

    static func sex(_ bytes: Bytes) -> Sex? {
        if equals(bytes, "female") { return .female }
        if equals(bytes, "male") { return .male }
        return nil
    }

    static func povertyStatus(_ bytes: Bytes) -> PovertyStatus? {
        if equals(bytes, "in_poverty") { return .inPoverty }
        if equals(bytes, "exited_poverty") { return .exitedPoverty }
        return nil
    }

    /// A field as shown in an error: quoted, shortened past 40 characters.
    static func shown(_ bytes: Bytes) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"\(short)\""
    }
}
