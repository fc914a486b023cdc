import Foundation

/// Builds one CSV table in memory, RFC 4180 style, and writes it atomically.
///
/// Why: every forecast table leaves the program as CSV; quoting must be right
/// for any text (county names, disease labels with commas) and the bytes
/// deterministic. Fields are quoted only when they contain a comma, a double
/// quote, CR or LF; inner double quotes are doubled. Text is UTF-8 without a
/// byte-order mark. Numbers are formatted by the caller (see `NumberText`).
public struct CSVWriter: Sendable {
    /// Record separator: RFC 4180 prescribes CRLF; LF is the default because
    /// Unix tools and diffs expect it and every CSV reader accepts it.
    public enum LineEnding: String, Sendable {
        /// "\n"
        case lf = "\n"
        /// "\r\n", as RFC 4180 writes it.
        case crlf = "\r\n"
    }

    /// Number of fields every row must have (the header's).
    public let columnCount: Int
    /// Record separator in use.
    public let lineEnding: LineEnding
    /// The table so far: header and rows, each followed by the line ending.
    public private(set) var text: String = ""

    /// Starts a table with its header row.
    public init(header: [String], lineEnding: LineEnding = .lf) {
        precondition(!header.isEmpty, "a CSV table needs at least one column")
        self.columnCount = header.count
        self.lineEnding = lineEnding
        appendRecord(header)
    }

    /// Appends one row; it must have `columnCount` fields.
    public mutating func append(_ row: [String]) {
        precondition(row.count == columnCount, "row has \(row.count) fields, header has \(columnCount)")
        appendRecord(row)
    }

    /// Writes the table to `url` atomically (see `AtomicFile`).
    public func write(to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }

    /// `field` as it appears in a CSV record: unchanged, or quoted with inner
    /// quotes doubled when it contains a comma, a double quote, CR or LF.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private mutating func appendRecord(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { text += "," }
            text += Self.escape(field)
        }
        text += lineEnding.rawValue
    }
}
