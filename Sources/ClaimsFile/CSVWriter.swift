/// Writes RFC 4180 CSV: a field is quoted only when it must be (it holds a
/// comma, a quote or a line break), inner quotes are doubled, and records end
/// with a line feed, so fields read by ``CSVReader`` come back byte for byte.
public struct CSVWriter: Sendable {
    /// The text written so far.
    public private(set) var text: String = ""
    /// What ends a record: `"\n"` (default) or `"\r\n"`.
    public var lineTerminator: String

    /// Creates an empty writer.
    public init(lineTerminator: String = "\n") {
        self.lineTerminator = lineTerminator
    }

    /// Appends one record.
    public mutating func write<Fields: Sequence<String>>(_ fields: Fields) {
        var first = true
        for field in fields {
            if !first { text.append(",") }
            first = false
            Self.append(field, to: &text)
        }
        text.append(lineTerminator)
    }

    /// Appends `field` to `text`, quoted when needed.
    public static func append(_ field: String, to text: inout String) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else { text.append(field); return }
        text.append("\"")
        for character in field.unicodeScalars {
            if character == "\"" { text.append("\"\"") } else { text.unicodeScalars.append(character) }
        }
        text.append("\"")
    }
}
