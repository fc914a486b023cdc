import CPrefetch

/// Where one field of a record lies in the buffer it was scanned from: no copy,
/// no `String`. For a quoted field, `start..<end` is the text between the quotes,
/// with any inner quotes still doubled.
struct FieldSpan {
    /// First byte of the field's text.
    var start: Int
    /// One past its last byte.
    var end: Int
    /// ``quoted``, ``escapes``, ``special``.
    var flags: UInt8

    /// The field was in quotes.
    static let quoted: UInt8 = 1
    /// Its text has doubled quotes (`""`) to undo.
    static let escapes: UInt8 = 2
    /// Its text holds a comma, quote, CR or LF, so it must stay quoted on output.
    static let special: UInt8 = 4

    @inline(__always) var count: Int { end &- start }
    @inline(__always) func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// The fields of the record being scanned; reused from record to record.
/// Unchecked storage of its own (no uniqueness or bounds check per field),
/// with room for the field ends the plain-record scan writes.
struct SpanList {
    /// Owns the memory; a copy of the list shares it, which is fine for its
    /// users (one list per reader, copied into a local for a loop and back).
    private final class Storage {
        let spans: UnsafeMutablePointer<FieldSpan>
        let capacity: Int
        /// ``plainCapacity`` field ends for ``RecordScanner/scanPlain(_:start:count:line:spans:)``.
        let ends: UnsafeMutablePointer<Int>

        init(capacity: Int) {
            self.capacity = capacity
            spans = .allocate(capacity: capacity)
            ends = .allocate(capacity: SpanList.plainCapacity)
        }

        deinit {
            spans.deallocate()
            ends.deallocate()
        }
    }

    /// The most fields a record may have for the plain scan; longer records take the general one.
    static let plainCapacity = 64
    private var storage: Storage
    private var spans: UnsafeMutablePointer<FieldSpan>
    private(set) var count = 0

    init() {
        storage = Storage(capacity: Self.plainCapacity)
        spans = storage.spans
    }

    @inline(__always) var ends: UnsafeMutablePointer<Int> { storage.ends }

    @inline(__always) mutating func removeAll() { count = 0 }

    @inline(__always) mutating func append(_ span: FieldSpan) {
        if count == storage.capacity { grow() }
        spans[count] = span
        count &+= 1
    }

    private mutating func grow() {
        let bigger = Storage(capacity: storage.capacity * 2)
        bigger.spans.initialize(from: spans, count: count)
        storage = bigger
        spans = bigger.spans
    }

    /// Sets the fields from the ends the plain scan wrote: field k runs from
    /// after the end of field k − 1 (or `start`) to `ends[k]`.
    @inline(__always) mutating func setPlain(start: Int, fields: Int) {
        let ends = storage.ends
        var s = start
        for k in 0..<fields {
            let e = ends[k]
            spans[k] = FieldSpan(start: s, end: e, flags: 0)
            s = e &+ 1
        }
        count = fields
    }

    @inline(__always) subscript(i: Int) -> FieldSpan {
        assert(i >= 0 && i < count)
        return spans[i]
    }
}

/// A break of RFC 4180, with the physical line the reader was on.
struct CSVSyntaxError: Error {
    var line: Int
    var message: String

    static let unterminated = "unterminated quoted field; expected a closing quote (\") before the end of the file"
    static let afterClosingQuote = "unexpected character after a closing quote; expected a comma or the end of the line (a quote inside a quoted field is written \"\")"
    static let quoteInUnquoted = "a quote inside an unquoted field; expected the whole field in quotes with inner quotes doubled (\"a \"\"b\"\"\")"
    static let invalidUTF8 = "invalid UTF-8; expected the file to be UTF-8 text"
}

/// What scanning at a position found.
enum ScanOutcome {
    /// The data ends before the record (or the run of blank lines) does; read more and scan again.
    case incomplete
    /// A whole record: its text is `start..<end` (without the line break), the
    /// next record starts at `next` on line `nextLine`.
    case record(end: Int, next: Int, nextLine: Int, hasQuotes: Bool)
}

/// The byte-level CSV grammar of ``ClaimsFileSettler``, the same as the reader
/// it replaced (RFC 4180 with line numbers): fields separated by commas; records
/// ended by CRLF, LF or a lone CR; quoted fields (`"a, ""b"""`) that may hold
/// commas, quotes and line breaks; a UTF-8 byte-order mark at the start; a
/// missing line break at the end; completely empty lines skipped (but counted).
/// Rejected, with the line: a quote inside an unquoted field, anything but a
/// comma or line break after a closing quote, an unterminated quoted field,
/// invalid UTF-8. When a record has several faults, the first field's is
/// reported, as before.
///
/// The scanner works on whatever part of the file is in memory: when the data
/// ends inside a record, inside a CRLF pair or just after a quote (which may be
/// the first of a doubled pair) it answers ``ScanOutcome/incomplete`` and the
/// caller scans the record again from its start once more bytes are in. So a
/// block boundary anywhere, also inside a multi-byte character, changes nothing.
enum RecordScanner {
    /// Byte classes: 1 for the bytes that end or complicate an unquoted field.
    private static let delimiters: [Bool] = (0..<256).map { $0 == 0x2C || $0 == 0x0A || $0 == 0x0D || $0 == 0x22 }

    /// A word with 0x80 set in each byte of `word` that is a comma, quote, CR or LF
    /// (exact: no false positives, via the has-zero-byte test on each XOR).
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 {
            // 0x80 in each zero byte of v, exactly.
            ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | v | 0x7F7F_7F7F_7F7F_7F7F)
        }
        return zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x2222_2222_2222_2222)
            | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
    }

    /// The OR of the high bits of the first `n` bytes of `word` (n ≤ 8), as 0x80 or 0.
    @inline(__always) static func highBits(_ word: UInt64, before n: Int) -> UInt8 {
        let masked = n >= 8 ? word : word & ((1 << (UInt64(n) << 3)) &- 1)
        return masked & 0x8080_8080_8080_8080 != 0 ? 0x80 : 0
    }

    /// Skips blank lines from `position`, counting them. Returns `false` when the
    /// data ends on a CR that may be the first half of a CRLF (read more first).
    @inline(__always)
    static func skipBlankLines(_ p: UnsafePointer<UInt8>, position: inout Int, count: Int, atEnd: Bool, line: inout Int) -> Bool {
        while position < count {
            let c = p[position]
            if c == .lf {
                position &+= 1
                line &+= 1
            } else if c == .cr {
                if position &+ 1 == count && !atEnd { return false }
                position &+= (position &+ 1 < count && p[position &+ 1] == .lf) ? 2 : 1
                line &+= 1
            } else {
                return true
            }
        }
        return true
    }

    /// Scans a plain record (no quote, no CR, at most ``SpanList/plainCapacity``
    /// fields, ended by an LF within `count`) at `start`, 16 bytes a step, filling
    /// `spans`; returns the offset of its LF (the record's end; the next starts
    /// after it, on the next line), or `nil` when the record is not plain or not
    /// all in: ``scan(_:start:count:atEnd:line:spans:)`` then takes it. Such a
    /// record is what `scan` would find, with the same UTF-8 error.
    @inline(__always)
    static func scanPlain(_ p: UnsafePointer<UInt8>, start: Int, count: Int, line: Int,
                          spans: inout SpanList) throws(CSVSyntaxError) -> Int? {
        var fields = 0
        var high: UInt32 = 0
        let end = fundsim_scan_plain_record(p, start, count, spans.ends, SpanList.plainCapacity, &fields, &high)
        guard end >= 0 else { return nil }
        spans.setPlain(start: start, fields: fields)
        if high != 0 { try checkUTF8(p, spans: spans, startLine: line) }
        return end
    }

    /// Scans one record starting at `start` (not on a blank line, not at the end),
    /// filling `spans`. `line` is the record's first line.
    static func scan(_ p: UnsafePointer<UInt8>, start: Int, count: Int, atEnd: Bool, line startLine: Int,
                     spans: inout SpanList) throws(CSVSyntaxError) -> ScanOutcome {
        spans.removeAll()
        var i = start
        var line = startLine
        var high: UInt8 = 0
        var hasQuotes = false
        return try delimiters.withUnsafeBufferPointer { (table) throws(CSVSyntaxError) -> ScanOutcome in
            while true {
                if i < count && p[i] == .quote {
                    hasQuotes = true
                    let openLine = line
                    var flags = FieldSpan.quoted
                    var j = i &+ 1
                    while true {
                        if j == count {
                            if !atEnd { return .incomplete }
                            try failAfterCheckingEarlierFields(p, spans: spans, high: high, startLine: startLine,
                                                               CSVSyntaxError(line: openLine, message: CSVSyntaxError.unterminated))
                        }
                        let c = p[j]
                        if c == .quote {
                            if j &+ 1 == count && !atEnd { return .incomplete }
                            if j &+ 1 < count && p[j &+ 1] == .quote {
                                flags |= FieldSpan.escapes | FieldSpan.special
                                j &+= 2
                                continue
                            }
                            break
                        }
                        high |= c
                        if c == .lf {
                            line &+= 1
                            flags |= FieldSpan.special
                        } else if c == .cr {
                            if j &+ 1 == count && !atEnd { return .incomplete }
                            if !(j &+ 1 < count && p[j &+ 1] == .lf) { line &+= 1 }
                            flags |= FieldSpan.special
                        } else if c == .comma {
                            flags |= FieldSpan.special
                        }
                        j &+= 1
                    }
                    // j is on the closing quote.
                    if j &+ 1 < count {
                        let c = p[j &+ 1]
                        if c != .comma && c != .lf && c != .cr {
                            try failAfterCheckingEarlierFields(p, spans: spans, high: high, startLine: startLine,
                                                               CSVSyntaxError(line: line, message: CSVSyntaxError.afterClosingQuote))
                        }
                    }
                    spans.append(FieldSpan(start: i &+ 1, end: j, flags: flags))
                    i = j &+ 1
                } else {
                    var j = i
                    // Eight bytes at a time while none is a comma, quote, CR or LF.
                    while j &+ 8 <= count {
                        let word = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                        let found = Self.specialBytes(word)
                        if found != 0 {
                            let k = found.trailingZeroBitCount >> 3
                            high |= Self.highBits(word, before: k)
                            j &+= k
                            break
                        }
                        high |= UInt8(truncatingIfNeeded: Self.highBits(word, before: 8))
                        j &+= 8
                    }
                    while j < count {
                        let c = p[j]
                        if table[Int(c)] {
                            if c == .quote {
                                try failAfterCheckingEarlierFields(p, spans: spans, high: high, startLine: startLine,
                                                                   CSVSyntaxError(line: line, message: CSVSyntaxError.quoteInUnquoted))
                            }
                            break
                        }
                        high |= c
                        j &+= 1
                    }
                    if j == count && !atEnd { return .incomplete }
                    spans.append(FieldSpan(start: i, end: j, flags: 0))
                    i = j
                }
                // At the delimiter after the field, or at the end of the input.
                if i == count {
                    if high >= 0x80 { try checkUTF8(p, spans: spans, startLine: startLine) }
                    return .record(end: i, next: i, nextLine: line, hasQuotes: hasQuotes)
                }
                let d = p[i]
                if d == .comma {
                    i &+= 1
                    continue
                }
                let end = i
                if d == .cr {
                    if i &+ 1 == count && !atEnd { return .incomplete }
                    i &+= (i &+ 1 < count && p[i &+ 1] == .lf) ? 2 : 1
                } else {
                    i &+= 1
                }
                if high >= 0x80 { try checkUTF8(p, spans: spans, startLine: startLine) }
                return .record(end: end, next: i, nextLine: line &+ 1, hasQuotes: hasQuotes)
            }
        }
    }

    /// Throws `error`, unless a field before it is not UTF-8: the reader this
    /// replaces decoded each field before reading the next, so that fault came first.
    private static func failAfterCheckingEarlierFields(_ p: UnsafePointer<UInt8>, spans: SpanList, high: UInt8, startLine: Int,
                                                       _ error: CSVSyntaxError) throws(CSVSyntaxError) -> Never {
        if high >= 0x80 { try checkUTF8(p, spans: spans, startLine: startLine) }
        throw error
    }

    /// Validates each field's text as UTF-8, in order; the error names the line
    /// the faulty field ends on.
    static func checkUTF8(_ p: UnsafePointer<UInt8>, spans: SpanList, startLine: Int) throws(CSVSyntaxError) {
        var line = startLine
        for k in 0..<spans.count {
            let span = spans[k]
            if span.has(FieldSpan.special) {
                var j = span.start
                while j < span.end {
                    if p[j] == .lf || (p[j] == .cr && !(j &+ 1 < span.end && p[j &+ 1] == .lf)) { line &+= 1 }
                    j &+= 1
                }
            }
            if !UTF8Check.isValid(p + span.start, count: span.count) {
                throw CSVSyntaxError(line: line, message: CSVSyntaxError.invalidUTF8)
            }
        }
    }
}

/// UTF-8 validation without decoding (Unicode 15, table 3-7: no overlong forms,
/// no surrogates, nothing above U+10FFFF), the same bytes `String(validating:)` accepts.
enum UTF8Check {
    /// Whether `count` bytes at `p` are well-formed UTF-8.
    static func isValid(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            let b0 = p[i]
            if b0 < 0x80 {
                i &+= 1
                continue
            }
            @inline(__always) func cont(_ k: Int) -> Bool { i &+ k < count && p[i &+ k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i &+= 2
            case 0xE0...0xEF:
                guard i &+ 1 < count else { return false }
                let b1 = p[i &+ 1]
                let ok1: Bool
                switch b0 {
                case 0xE0: ok1 = (0xA0...0xBF).contains(b1)
                case 0xED: ok1 = (0x80...0x9F).contains(b1)
                default: ok1 = b1 & 0xC0 == 0x80
                }
                guard ok1, cont(2) else { return false }
                i &+= 3
            case 0xF0...0xF4:
                guard i &+ 1 < count else { return false }
                let b1 = p[i &+ 1]
                let ok1: Bool
                switch b0 {
                case 0xF0: ok1 = (0x90...0xBF).contains(b1)
                case 0xF4: ok1 = (0x80...0x8F).contains(b1)
                default: ok1 = b1 & 0xC0 == 0x80
                }
                guard ok1, cont(2), cont(3) else { return false }
                i &+= 4
            default:
                return false
            }
        }
        return true
    }
}

extension UInt8 {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
}
