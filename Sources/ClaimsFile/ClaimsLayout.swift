import Foundation
import PolicyCatalog
import Settlement

/// One data row, parsed and validated, ready to settle and to write out. It
/// points into the batch it was read in (`bytes` or `scratch`) instead of
/// holding strings.
struct ParsedRow {
    /// The claim, in exact fen.
    var claim: Claim
    /// The 1-based line the row starts on.
    var line: Int
    /// Hash of the person-year key (seeded, see ``PersonYearTable``).
    var hash: UInt64
    /// The year whose parameters apply.
    var year: Int32
    /// The person id as compared (unescaped, NFC for non-ASCII): `keyOffset` into bytes or scratch.
    var keyLength: Int32
    var keyOffset: Int
    /// The carried-through fields as written out (re-quoted only where needed), without the line break.
    var prefixOffset: Int
    var prefixLength: Int
    /// The person id as written in the file (unescaped), for `--explain`.
    var displayOffset: Int
    var displayLength: Int
    /// ``keyInScratch``, ``prefixInScratch``, ``displayInScratch``.
    var flags: UInt8

    static let keyInScratch: UInt8 = 1
    static let prefixInScratch: UInt8 = 2
    static let displayInScratch: UInt8 = 4
}

/// Where each known column sits in a claims file's header, and the row
/// validation of POLICY.md section 10 on the scanned bytes: numbers are read
/// straight to fen, enumerated values matched as bytes, no `String` is made
/// unless a row is wrong and the message needs one.
///
/// Enumerated values (`setting`, `level`, the booleans, `disease`,
/// `poverty_status`, `welfare_category`) are matched ignoring ASCII letter case:
/// `TRUE`, `County` and `ESRD` are accepted (spreadsheets write `TRUE`). Amounts
/// are at most ``ClaimsFileSettler/maximumAmount``.
final class ClaimsLayout: Sendable {
    let file: String
    let header: [String]
    let years: ClosedRange<Int>
    private let diseases: DiseaseLookup
    private let catalog: DiseaseCatalog
    private let seed: UInt64

    /// Checks the header: no duplicate names, every required column present, no output column.
    init(header: [String], line: Int, file: String, outputColumns: [String], years: ClosedRange<Int>,
         catalog: DiseaseCatalog, seed: UInt64) throws(ClaimsFileError) {
        self.file = file
        self.header = header
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            if seen[name] != nil {
                throw ClaimsFileError(file: file, line: line, column: shortened(name), message: "appears twice in the header; expected each column once")
            }
            seen[name] = i
        }
        func at(_ c: ClaimColumn) throws(ClaimsFileError) -> Int {
            guard let i = seen[c.rawValue] else {
                throw ClaimsFileError(file: file, line: line, column: c.rawValue,
                                      message: "missing from the header; expected the columns \(ClaimColumn.required.map(\.rawValue).joined(separator: ", ")) (any order)")
            }
            return i
        }
        // Required columns in contract order, so that the first missing one is the one reported.
        personID = try at(.personID); setting = try at(.setting); level = try at(.level); inCounty = try at(.inCounty)
        compliant = try at(.referralCompliant); disease = try at(.disease); total = try at(.totalCost); policyRange = try at(.policyRangeCost)
        fee = seen[ClaimColumn.consultationFee.rawValue]; year = seen[ClaimColumn.year.rawValue]
        poverty = seen[ClaimColumn.povertyStatus.rawValue]; welfare = seen[ClaimColumn.welfareCategory.rawValue]
        for id in outputColumns where seen[id] != nil {
            throw ClaimsFileError(file: file, line: line, column: id,
                                  message: "is an output column of the settlement; expected the input not to have it (rename or drop it, e.g. when re-settling an output file)")
        }
        self.years = years
        self.catalog = catalog
        self.diseases = DiseaseLookup(catalog)
        self.seed = seed
    }

    /// Field index of each required column, looked up once: `index(_:)` runs a dozen times per row.
    private let personID, setting, level, inCounty, compliant, disease, total, policyRange: Int
    /// Field index of each optional column, `nil` when the file lacks it.
    private let fee, year, poverty, welfare: Int?

    /// The field index of a required column (``ClaimColumn/isRequired``; checked in `init`).
    @inline(__always) private func index(_ c: ClaimColumn) -> Int {
        switch c {
        case .personID: personID
        case .setting: setting
        case .level: level
        case .inCounty: inCounty
        case .referralCompliant: compliant
        case .disease: disease
        case .totalCost: total
        case .policyRangeCost: policyRange
        case .consultationFee, .year, .povertyStatus, .welfareCategory: preconditionFailure("\(c.rawValue) is optional")
        }
    }

    /// The field index of an optional column, `nil` when the file lacks it.
    @inline(__always) private func optionalIndex(_ c: ClaimColumn) -> Int? {
        switch c {
        case .consultationFee: fee
        case .year: year
        case .povertyStatus: poverty
        case .welfareCategory: welfare
        default: index(c)
        }
    }

    private static let settingNames = ClaimSetting.allCases.map(\.fileName)
    private static let levelNames = FacilityLevel.allCases.map(\.fileName)
    private static let povertyNames = PovertyStatus.allCases.map(\.fileName)
    private static let welfareNames = WelfareCategory.allCases.map(\.fileName)

    /// Validates the record whose fields are `spans` (in the buffer at `p`) and fills `row`.
    func parse(_ p: UnsafePointer<UInt8>, spans: SpanList, recordStart: Int, recordEnd: Int, hasQuotes: Bool, line: Int,
               scratch: inout [UInt8], into row: inout ParsedRow) throws(ClaimsFileError) {
        func fail(_ column: String?, _ message: String) -> ClaimsFileError {
            ClaimsFileError(file: file, line: line, column: column, message: message)
        }
        func shown(_ span: FieldSpan) -> String { quoted(text(p, span)) }
        guard spans.count == header.count else {
            if spans.count < header.count {
                throw fail(shortened(header[spans.count]), "missing; expected \(header.count) fields as in the header, got \(spans.count)")
            }
            throw fail("#\(header.count + 1)", "beyond the header; expected \(header.count) fields as in the header, got \(spans.count)")
        }
        @inline(__always) func span(_ c: ClaimColumn) -> FieldSpan { spans[index(c)] }
        func optional(_ c: ClaimColumn) -> FieldSpan? { optionalIndex(c).map { spans[$0] } }
        func choice<T>(_ s: FieldSpan, _ c: ClaimColumn, _ match: (UnsafePointer<UInt8>, Int) -> T?, _ names: @autoclosure () -> [String]) throws(ClaimsFileError) -> T {
            guard let value = match(p + s.start, s.count) else {
                throw fail(c.rawValue, "expected one of \(names().joined(separator: ", ")), got \(shown(s))")
            }
            return value
        }
        func flag(_ c: ClaimColumn) throws(ClaimsFileError) -> Bool {
            let s = span(c)
            guard let value = ByteMatch.boolean(p + s.start, s.count) else {
                throw fail(c.rawValue, "expected true, false, 1 or 0, got \(shown(s))")
            }
            return value
        }
        func amount(_ s: FieldSpan, _ c: ClaimColumn) throws(ClaimsFileError) -> Money {
            switch ByteMatch.amount(p + s.start, s.count) {
            case .fen(let fen): return Money(fen: fen)
            case .invalid: throw fail(c.rawValue, "expected a non-negative yuan amount with at most two decimals, got \(shown(s))")
            case .tooLarge:
                throw fail(c.rawValue, "expected at most \(ClaimsFileSettler.maximumAmount) yuan (the largest amount a claims file may hold), got \(shown(s))")
            }
        }

        let id = span(.personID)
        guard id.count > 0 else { throw fail(ClaimColumn.personID.rawValue, "expected a non-empty person id, got an empty field") }
        let setting = try choice(span(.setting), .setting, ByteMatch.setting, Self.settingNames)
        let level = try choice(span(.level), .level, ByteMatch.level, Self.levelNames)
        let inCounty = try flag(.inCounty)
        let compliant = try flag(.referralCompliant)

        let diseaseSpan = span(.disease)
        var disease: DiseaseIndex? = nil
        if diseaseSpan.count == 0 {
            if setting == .chronicOutpatient || setting == .majorDisease {
                throw fail(ClaimColumn.disease.rawValue, "expected a disease code for a \(setting.fileName) claim (see `fundsim diseases`), got an empty field")
            }
        } else {
            guard let i = diseases.index(p + diseaseSpan.start, diseaseSpan.count) else {
                throw fail(ClaimColumn.disease.rawValue, "expected a disease code of the catalog (see `fundsim diseases`), got \(shown(diseaseSpan))")
            }
            let lists = catalog.diseases[i].lists
            if setting == .chronicOutpatient && !lists.contains(.outpatient28) {
                throw fail(ClaimColumn.disease.rawValue, "expected one of the 28 outpatient diseases (门诊28种, list outpatient_28 of `fundsim diseases`) for a chronic_outpatient claim, got \(shown(diseaseSpan))")
            }
            if setting == .majorDisease && !lists.contains(.major15) {
                throw fail(ClaimColumn.disease.rawValue, "expected one of the 15 major diseases (大病, list major_15 of `fundsim diseases`) for a major_disease claim, got \(shown(diseaseSpan))")
            }
            disease = DiseaseIndex(i)
        }

        let totalSpan = span(.totalCost)
        let total = try amount(totalSpan, .totalCost)
        let rangeSpan = span(.policyRangeCost)
        let policyRange = try amount(rangeSpan, .policyRangeCost)
        guard policyRange <= total else {
            throw fail(ClaimColumn.policyRangeCost.rawValue, "expected at most total_cost (\(total)), got \(shown(rangeSpan))")
        }
        var fee = Money(fen: 0)  // not `.zero`: a global's lazy-init check per row
        if let s = optional(.consultationFee), s.count > 0 {
            fee = try amount(s, .consultationFee)
            if fee.fen != 0 && setting != .generalOutpatient {
                throw fail(ClaimColumn.consultationFee.rawValue, "expected 0 or an empty field on a \(setting.fileName) claim (the consultation fee is for general_outpatient only), got \(shown(s))")
            }
            guard fee <= policyRange else {
                throw fail(ClaimColumn.consultationFee.rawValue, "expected at most policy_range_cost (\(policyRange)), got \(shown(s))")
            }
        }
        var year = years.lowerBound
        var yearSpan: FieldSpan?
        if let s = optional(.year), s.count > 0 {
            guard let value = ByteMatch.year(p + s.start, s.count) else {
                throw fail(ClaimColumn.year.rawValue, "expected a four-digit year, got \(shown(s))")
            }
            year = value
            yearSpan = s
        }
        var poverty = PovertyStatus.inPoverty
        if let s = optional(.povertyStatus), s.count > 0 {
            poverty = try choice(s, .povertyStatus, ByteMatch.povertyStatus, Self.povertyNames)
        }
        var welfare = WelfareCategory.registeredPoor
        if let s = optional(.welfareCategory), s.count > 0 {
            welfare = try choice(s, .welfareCategory, ByteMatch.welfareCategory, Self.welfareNames)
        }
        guard years.contains(year) else {
            throw fail(ClaimColumn.year.rawValue, "expected a year of the scenario's horizon \(years.lowerBound)–\(years.upperBound), got \(yearSpan.map(shown) ?? String(year))")
        }

        row.claim = Claim(setting: setting, level: level, inCounty: inCounty, referralCompliant: compliant, disease: disease,
                          totalCost: total, policyRangeCost: policyRange, consultationFee: fee,
                          povertyStatus: poverty, welfareCategory: welfare)
        row.line = line
        row.year = Int32(year)
        row.flags = 0

        // The person id: as written (unescaped) for display, and as compared.
        var displayStart = id.start, displayCount = id.count
        var keyBase = p
        if id.has(FieldSpan.escapes) {
            let offset = scratch.count
            appendUnescaped(p, id, to: &scratch)
            displayStart = offset
            displayCount = scratch.count - offset
            row.flags |= ParsedRow.displayInScratch | ParsedRow.keyInScratch
        }
        row.displayOffset = displayStart
        row.displayLength = displayCount
        row.keyOffset = displayStart
        row.keyLength = Int32(displayCount)
        var isASCII = true
        for j in id.start..<id.end where p[j] >= 0x80 { isASCII = false; break }
        if !isASCII {
            // Person ids are compared as Unicode text, as before: canonically
            // equivalent spellings (composed or decomposed accents) are one person.
            let original = row.flags & ParsedRow.displayInScratch != 0
                ? scratch.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[displayStart..<displayStart + displayCount]), as: UTF8.self) }
                : String(decoding: UnsafeBufferPointer(start: p + id.start, count: id.count), as: UTF8.self)
            let offset = scratch.count
            scratch.append(contentsOf: original.precomposedStringWithCanonicalMapping.utf8)
            row.keyOffset = offset
            row.keyLength = Int32(scratch.count - offset)
            row.flags |= ParsedRow.keyInScratch
        }
        if row.flags & ParsedRow.keyInScratch != 0 {
            row.hash = scratch.withUnsafeBytes { PersonYearTable.hash(UnsafeRawPointer($0.baseAddress!) + row.keyOffset, count: Int(row.keyLength), year: row.year, seed: seed) }
        } else {
            keyBase = p
            row.hash = PersonYearTable.hash(UnsafeRawPointer(keyBase + row.keyOffset), count: Int(row.keyLength), year: row.year, seed: seed)
        }

        // The carried-through fields: the record as read when it has no quotes
        // (it is then already in output form), else each field re-encoded the way
        // the CSV writer does (quoted only when it holds a comma, quote or line break).
        if !hasQuotes {
            row.prefixOffset = recordStart
            row.prefixLength = recordEnd - recordStart
        } else {
            let offset = scratch.count
            for k in 0..<spans.count {
                if k > 0 { scratch.append(.comma) }
                let s = spans[k]
                if s.has(FieldSpan.special) {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: p + s.start - 1, count: s.count + 2))
                } else {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: p + s.start, count: s.count))
                }
            }
            row.prefixOffset = offset
            row.prefixLength = scratch.count - offset
            row.flags |= ParsedRow.prefixInScratch
        }
    }
}

/// The text of a field (inner quotes undone), for headers and messages.
func text(_ p: UnsafePointer<UInt8>, _ span: FieldSpan) -> String {
    if !span.has(FieldSpan.escapes) { return String(decoding: UnsafeBufferPointer(start: p + span.start, count: span.count), as: UTF8.self) }
    var bytes: [UInt8] = []
    appendUnescaped(p, span, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends a quoted field's text with each `""` turned back into `"`.
func appendUnescaped(_ p: UnsafePointer<UInt8>, _ span: FieldSpan, to bytes: inout [UInt8]) {
    var j = span.start
    while j < span.end {
        bytes.append(p[j])
        j += (p[j] == .quote) ? 2 : 1
    }
}

/// How much of a field a message shows: the first 64 characters, then `…` and
/// the field's full length, so that a 5 MB field is not echoed whole.
let shownCharacters = 64

/// A field as shown in messages: in double quotes, inner quotes and line breaks
/// escaped, cut after ``shownCharacters`` characters.
func quoted(_ text: String) -> String {
    var out = "\""
    var shown = 0
    for scalar in text.unicodeScalars {
        if shown == shownCharacters {
            return out + "…\" (\(text.utf8.count) bytes in all)"
        }
        switch scalar {
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
        shown += 1
    }
    return out + "\""
}

/// A header name as a message's column: cut like a field when very long.
func shortened(_ name: String) -> String {
    name.unicodeScalars.count <= shownCharacters ? name : String(String.UnicodeScalarView(name.unicodeScalars.prefix(shownCharacters))) + "…"
}

/// Matching field bytes against the contract's values, ignoring ASCII letter case.
enum ByteMatch {
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// Whether the bytes equal `literal` (lowercase ASCII letters and `_`) ignoring ASCII case.
    ///
    /// Eight bytes a step: a byte equals a lowercase letter `l` ignoring case
    /// exactly when `byte | 0x20 == l`, and `_` (0x5F) exactly when equal; so
    /// OR-ing the input with the literal's own 0x20 bits (set in its letters,
    /// clear in `_`) and comparing whole words decides each byte exactly.
    @inline(__always) static func equals(_ p: UnsafePointer<UInt8>, _ n: Int, _ literal: StaticString) -> Bool {
        guard n == literal.utf8CodeUnitCount else { return false }
        let l = literal.utf8Start
        if n < 8 {
            for i in 0..<n where lower(p[i]) != l[i] { return false }
            return true
        }
        @inline(__always) func word(_ offset: Int) -> Bool {
            let w = UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self)
            let literalWord = UnsafeRawPointer(l + offset).loadUnaligned(as: UInt64.self)
            return w | (literalWord & 0x2020_2020_2020_2020) == literalWord
        }
        var i = 0
        while i &+ 8 <= n {
            if !word(i) { return false }
            i &+= 8
        }
        // The last, overlapping word.
        return i == n || word(n &- 8)
    }

    // Dispatched on the length (and a letter where two names share it), so that
    // a value is compared with one name, not with each in turn.

    @inline(__always) static func setting(_ p: UnsafePointer<UInt8>, _ n: Int) -> ClaimSetting? {
        switch n {
        case 9: return equals(p, n, "inpatient") ? .inpatient : nil
        case 13: return equals(p, n, "major_disease") ? .majorDisease : nil
        case 18:
            if equals(p, n, "general_outpatient") { return .generalOutpatient }
            if equals(p, n, "chronic_outpatient") { return .chronicOutpatient }
            return nil
        default: return nil
        }
    }

    @inline(__always) static func level(_ p: UnsafePointer<UInt8>, _ n: Int) -> FacilityLevel? {
        switch n {
        case 6: return equals(p, n, "county") ? .county : nil
        case 8: return equals(p, n, "township") ? .township : nil
        case 10:
            if equals(p, n, "prefecture") { return .prefecture }
            if equals(p, n, "provincial") { return .provincial }
            return nil
        default: return nil
        }
    }

    @inline(__always) static func boolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        switch n {
        case 1:
            if p[0] == UInt8(ascii: "1") { return true }
            if p[0] == UInt8(ascii: "0") { return false }
            return nil
        case 4: return equals(p, n, "true") ? true : nil
        case 5: return equals(p, n, "false") ? false : nil
        default: return nil
        }
    }

    @inline(__always) static func povertyStatus(_ p: UnsafePointer<UInt8>, _ n: Int) -> PovertyStatus? {
        if equals(p, n, "in_poverty") { return .inPoverty }
        if equals(p, n, "exited_poverty") { return .exitedPoverty }
        return nil
    }

    @inline(__always) static func welfareCategory(_ p: UnsafePointer<UInt8>, _ n: Int) -> WelfareCategory? {
        if equals(p, n, "registered_poor") { return .registeredPoor }
        if equals(p, n, "minimum_living_allowance") { return .minimumLivingAllowance }
        if equals(p, n, "extreme_poverty") { return .extremePoverty }
        return nil
    }

    /// A four-digit year.
    @inline(__always) static func year(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard n == 4 else { return nil }
        var value = 0
        for i in 0..<4 {
            let d = Int(p[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value &* 10 &+ d
        }
        return value
    }

    enum Amount {
        case fen(Int64)
        case invalid
        case tooLarge
    }

    /// A decimal yuan amount with at most two decimals ("1200", "1200.5", ".50"),
    /// no sign or exponent, straight to fen; ``Amount/tooLarge`` above the maximum.
    @inline(__always) static func amount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Amount {
        // The usual form, "123.45" with at most 11 whole digits: no overflow, one pass.
        if n >= 4 && n <= 14 && p[n &- 3] == UInt8(ascii: ".") {
            @inline(__always) func digit(_ i: Int) -> Int64 { Int64(p[i]) &- 48 }
            var whole: Int64 = 0
            var valid = true
            for i in 0..<(n &- 3) {
                let d = digit(i)
                valid = valid && d >= 0 && d <= 9
                whole = whole &* 10 &+ d
            }
            let d1 = digit(n &- 2), d2 = digit(n &- 1)
            if valid && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 {
                let fen = whole &* 100 &+ d1 &* 10 &+ d2
                return fen > ClaimsFileSettler.maximumAmount.fen ? .tooLarge : .fen(fen)
            }
        }
        return generalAmount(p, n)
    }

    /// ``amount(_:_:)`` for every form.
    static func generalAmount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Amount {
        let limit = ClaimsFileSettler.maximumAmount.fen
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digits = 0
        var seenPoint = false
        var tooLarge = false
        for i in 0..<n {
            let b = p[i]
            if b == UInt8(ascii: ".") {
                if seenPoint { return .invalid }
                seenPoint = true
                continue
            }
            let d = Int64(b) &- 48
            guard d >= 0 && d <= 9 else { return .invalid }
            if seenPoint {
                fractionDigits &+= 1
                if fractionDigits > 2 { return .invalid }
                fraction = fraction &* 10 &+ d
            } else {
                digits &+= 1
                if whole > limit / 100 { tooLarge = true } else { whole = whole &* 10 &+ d }
            }
        }
        if digits == 0 && fractionDigits == 0 { return .invalid }
        if seenPoint && fractionDigits == 0 { return .invalid }
        if fractionDigits == 1 { fraction &*= 10 }
        if tooLarge { return .tooLarge }
        let fen = whole &* 100 &+ fraction
        return fen > limit ? .tooLarge : .fen(fen)
    }
}

/// The catalog's codes by length, matched ignoring ASCII case without making a `String`.
struct DiseaseLookup {
    private var byLength: [[(code: [UInt8], index: Int)]] = []

    init(_ catalog: DiseaseCatalog) {
        for (i, disease) in catalog.diseases.enumerated() {
            let code = Array(disease.code.utf8).map(ByteMatch.lower)
            while byLength.count <= code.count { byLength.append([]) }
            byLength[code.count].append((code, i))
        }
    }

    /// The catalog index of the code in the bytes, or `nil`.
    @inline(__always) func index(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard n < byLength.count else { return nil }
        candidates: for candidate in byLength[n] {
            for i in 0..<n where ByteMatch.lower(p[i]) != candidate.code[i] { continue candidates }
            return candidate.index
        }
        return nil
    }
}
