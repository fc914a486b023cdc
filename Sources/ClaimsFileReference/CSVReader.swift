import ClaimsFile
/// One record of a CSV file: its fields, decoded, and the line it starts on.
public struct ReferenceCSVRecord: Hashable, Sendable {
    /// The fields, unquoted, in file order.
    public var fields: [String]
    /// The 1-based physical line the record starts on; a quoted field with an
    /// embedded newline makes the next record start further down.
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A CSV file that breaks RFC 4180, with the line where the reader gave up.
public struct ReferenceCSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based physical line of the problem.
    public var line: Int
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// "line N: message".
    public var description: String { "line \(line): \(message)" }
}

/// Reads RFC 4180 CSV from UTF-8 bytes, one record at a time, tracking line
/// numbers so that every later error can point back into the file.
///
/// Accepted: fields separated by commas; records ended by CRLF, LF or a lone CR;
/// quoted fields (`"a, ""b"""`) that may hold commas, quotes and line breaks; a
/// UTF-8 byte-order mark at the start; a missing line break at the end. Lines that
/// are completely empty are skipped (they carry no record). Rejected, with the
/// line: a quote inside an unquoted field, anything but a comma or line break
/// after a closing quote, an unterminated quoted field, invalid UTF-8.
public struct ReferenceCSVReader: Sendable {
    private let bytes: [UInt8]
    private var position: Int
    private var line: Int

    /// Creates a reader over the bytes of a whole file.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.position = hasBOM ? 3 : 0
        self.line = 1
    }

    /// Creates a reader over a string's UTF-8.
    public init(string: String) { self.init(bytes: Array(string.utf8)) }

    /// The next record, or `nil` at the end of the input.
    public mutating func next() throws(ReferenceCSVError) -> ReferenceCSVRecord? {
        let count = bytes.count
        // Skip empty lines: they hold no record.
        while position < count, bytes[position] == .lf || bytes[position] == .cr {
            consumeLineBreak()
        }
        guard position < count else { return nil }
        let startLine = line
        var fields: [String] = []
        var scratch: [UInt8] = []
        while true {
            let field = try readField(into: &scratch)
            fields.append(field)
            if position >= count { break }
            let byte = bytes[position]
            if byte == .comma {
                position += 1
                continue
            }
            // A line break ends the record.
            consumeLineBreak()
            break
        }
        return ReferenceCSVRecord(fields: fields, line: startLine)
    }

    /// Reads every remaining record.
    public mutating func readAll() throws(ReferenceCSVError) -> [ReferenceCSVRecord] {
        var records: [ReferenceCSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    /// Consumes CRLF, LF or CR at `position` and counts the line.
    private mutating func consumeLineBreak() {
        if bytes[position] == .cr, position + 1 < bytes.count, bytes[position + 1] == .lf { position += 1 }
        position += 1
        line += 1
    }

    /// Reads one field, leaving `position` at the comma, line break or end that follows it.
    private mutating func readField(into scratch: inout [UInt8]) throws(ReferenceCSVError) -> String {
        let count = bytes.count
        if position < count, bytes[position] == .quote {
            let openLine = line
            position += 1
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard position < count else {
                    throw ReferenceCSVError(line: openLine, message: "unterminated quoted field; expected a closing quote (\") before the end of the file")
                }
                let byte = bytes[position]
                if byte == .quote {
                    if position + 1 < count, bytes[position + 1] == .quote {
                        scratch.append(.quote)
                        position += 2
                        continue
                    }
                    position += 1
                    break
                }
                if byte == .lf || (byte == .cr && !(position + 1 < count && bytes[position + 1] == .lf)) { line += 1 }
                scratch.append(byte)
                position += 1
            }
            if position < count, bytes[position] != .comma, bytes[position] != .lf, bytes[position] != .cr {
                throw ReferenceCSVError(line: line, message: "unexpected character after a closing quote; expected a comma or the end of the line (a quote inside a quoted field is written \"\")")
            }
            return try decode(scratch[...])
        }
        let start = position
        while position < count {
            let byte = bytes[position]
            if byte == .comma || byte == .lf || byte == .cr { break }
            if byte == .quote {
                throw ReferenceCSVError(line: line, message: "a quote inside an unquoted field; expected the whole field in quotes with inner quotes doubled (\"a \"\"b\"\"\")")
            }
            position += 1
        }
        return try decode(bytes[start..<position])
    }

    private func decode(_ slice: ArraySlice<UInt8>) throws(ReferenceCSVError) -> String {
        if slice.isEmpty { return "" }
        // Most fields are ASCII, which is valid UTF-8 as is: decode without the
        // generic validating initialiser, which dominated parsing time.
        let text: String? = slice.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for byte in buffer { high |= byte }
            if high < 0x80 { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
        guard let text else {
            throw ReferenceCSVError(line: line, message: "invalid UTF-8; expected the file to be UTF-8 text")
        }
        return text
    }
}

extension UInt8 {
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let cr = UInt8(ascii: "\r")
}
