import Foundation

/// Builds CSV in memory as UTF-8 bytes, RFC 4180 style: the one writer of every
/// CSV the program emits (forecast tables, settled claims, parameter listings).
///
/// Why: quoting must be right for any text (county names, disease labels with
/// commas, claims fields carried through untouched) and the bytes deterministic.
/// A field is quoted only when it must be (it holds a comma, a double quote, CR
/// or LF); inner double quotes are doubled, so fields read back by the claims
/// scanner come back byte for byte. Text is UTF-8 without a byte-order mark.
/// Numbers are formatted by the caller (see `NumberText`).
///
/// Started with a header (``init(header:lineEnding:)``) it is a table: every row
/// must have the header's number of fields. Started without one it writes free
/// records, also field by field (``appendField(_:)``, ``endRecord()``) so that a
/// record need not be collected in an array first.
public struct CSVWriter: Sendable {
    /// Record separator: RFC 4180 prescribes CRLF; LF is the default because
    /// Unix tools and diffs expect it and every CSV reader accepts it.
    public enum LineEnding: String, Sendable {
        /// "\n"
        case lf = "\n"
        /// "\r\n", as RFC 4180 writes it.
        case crlf = "\r\n"
    }

    /// Number of fields every row must have (the header's); `nil` for free records.
    public let columnCount: Int?
    /// Record separator in use.
    public let lineEnding: LineEnding
    /// The UTF-8 bytes written so far, each record followed by the line ending.
    public private(set) var bytes: [UInt8] = []
    private var atFieldStart = true

    /// Starts free records (no header, no column count).
    public init(lineEnding: LineEnding = .lf) {
        columnCount = nil
        self.lineEnding = lineEnding
    }

    /// Starts a table with its header row.
    public init(header: [String], lineEnding: LineEnding = .lf) {
        precondition(!header.isEmpty, "a CSV table needs at least one column")
        columnCount = header.count
        self.lineEnding = lineEnding
        append(header)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one record; in a table it must have ``columnCount`` fields.
    public mutating func append<Row: Collection<String>>(_ row: Row) {
        if let columnCount {
            precondition(row.count == columnCount, "row has \(row.count) fields, header has \(columnCount)")
        }
        for field in row { appendField(field) }
        endRecord()
    }

    /// Appends one field to the current record.
    public mutating func appendField(_ field: String) {
        if atFieldStart { atFieldStart = false } else { bytes.append(UInt8(ascii: ",")) }
        Self.append(field, to: &bytes)
    }

    /// Ends the current record.
    public mutating func endRecord() {
        bytes.append(contentsOf: lineEnding.rawValue.utf8)
        atFieldStart = true
    }

    /// Writes the bytes to `url` atomically (see `AtomicFile`).
    public func write(to url: URL) throws {
        try AtomicFile.write(Data(bytes), to: url)
    }

    /// Whether `field` must be quoted: it holds a comma, a double quote, CR or LF.
    @inlinable
    public static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        }
    }

    /// `field` as it appears in a CSV record: unchanged, or quoted with inner
    /// quotes doubled when it contains a comma, a double quote, CR or LF.
    public static func escape(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Appends `field` to `bytes` as ``escape(_:)`` writes it, without building a `String`.
    public static func append(_ field: String, to bytes: inout [UInt8]) {
        guard needsQuotes(field) else { bytes.append(contentsOf: field.utf8); return }
        let quote = UInt8(ascii: "\"")
        bytes.append(quote)
        for byte in field.utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
    }
}
