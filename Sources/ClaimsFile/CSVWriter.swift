/// Writes RFC 4180 CSV: a field is quoted only when it must be (it holds a
/// comma, a quote or a line break), inner quotes are doubled, and records end
/// with a line feed, so fields read by ``CSVReader`` come back byte for byte.
/// Output accumulates as UTF-8 bytes, ready to be written to a file.
public struct CSVWriter: Sendable {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// What ends a record: `"\n"` (default) or `"\r\n"`.
    public var lineTerminator: String

    /// Creates an empty writer.
    public init(lineTerminator: String = "\n") {
        self.lineTerminator = lineTerminator
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one record.
    public mutating func write<Fields: Sequence<String>>(_ fields: Fields) {
        for field in fields { writeField(field) }
        endRecord()
    }

    /// Appends one field to the current record (a record built field by field,
    /// without collecting the fields in an array first).
    public mutating func writeField(_ field: String) {
        if atFieldStart { atFieldStart = false } else { bytes.append(UInt8(ascii: ",")) }
        Self.append(field, to: &bytes)
    }

    /// Ends the current record.
    public mutating func endRecord() {
        bytes.append(contentsOf: lineTerminator.utf8)
        atFieldStart = true
    }

    private var atFieldStart = true

    /// Appends `field` to `bytes`, quoted when needed.
    public static func append(_ field: String, to bytes: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else { bytes.append(contentsOf: field.utf8); return }
        bytes.append(quote)
        for byte in field.utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
    }
}
