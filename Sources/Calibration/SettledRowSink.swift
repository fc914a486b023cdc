import ClaimsFile

/// Reads the settled CSV that ``ClaimsFileSettler`` writes, record by record, as
/// it is written: a ``ByteSink`` that splits RFC 4180 records into fields and hands
/// each to a callback. The header is the first record. Memory: one record, kept as
/// one byte buffer and the fields' ranges in it (no allocation per field).
public final class SettledRowSink: ByteSink {
    /// One record: its unquoted bytes and where each field lies in them.
    public struct Record {
        /// The fields' bytes, one after the other (quotes removed, `""` unescaped).
        public var bytes: [UInt8] = []
        /// Field i is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first).
        public var ends: [Int] = []
        /// Number of fields.
        public var count: Int { ends.count }
        /// Field `i`'s bytes.
        public subscript(i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }
        /// Field `i` as text.
        public func text(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }
    }

    private var record = Record()
    private var fieldStart = 0
    private var inQuotes = false
    private var quotePending = false
    private var fieldWasQuoted = false
    private let handle: (Record) throws -> Void

    /// A sink that calls `handle` with every record (header first).
    public init(_ handle: @escaping (Record) throws -> Void) { self.handle = handle }

    /// Splits what was written into records. The state lives in locals during the
    /// loop (a class's stored properties would be checked for exclusive access per byte).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var record = self.record
        self.record = Record()
        var fieldStart = self.fieldStart, inQuotes = self.inQuotes, quotePending = self.quotePending
        var fieldWasQuoted = self.fieldWasQuoted
        defer {
            self.record = record
            self.fieldStart = fieldStart; self.inQuotes = inQuotes; self.quotePending = quotePending
            self.fieldWasQuoted = fieldWasQuoted
        }
        for b in bytes {
            if inQuotes {
                if quotePending {
                    quotePending = false
                    if b == UInt8(ascii: "\"") { record.bytes.append(b); continue }
                    inQuotes = false
                } else if b == UInt8(ascii: "\"") {
                    quotePending = true
                    continue
                } else {
                    record.bytes.append(b)
                    continue
                }
            }
            switch b {
            case UInt8(ascii: "\""):
                if record.bytes.count == fieldStart && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                } else {
                    record.bytes.append(b)
                }
            case UInt8(ascii: ","):
                record.ends.append(record.bytes.count)
                fieldStart = record.bytes.count
                fieldWasQuoted = false
            case 10, 13:
                // A blank line (or the LF of a CRLF) is no record.
                if record.ends.isEmpty && record.bytes.isEmpty && !fieldWasQuoted { continue }
                record.ends.append(record.bytes.count)
                try handle(record)
                record.bytes.removeAll(keepingCapacity: true)
                record.ends.removeAll(keepingCapacity: true)
                fieldStart = 0
                fieldWasQuoted = false
            default:
                record.bytes.append(b)
            }
        }
    }

    /// Hands over the last record when the output did not end with a line break.
    public func finish() throws {
        if inQuotes && quotePending { inQuotes = false; quotePending = false }
        try endRecord()
    }

    private func endField() {
        record.ends.append(record.bytes.count)
        fieldStart = record.bytes.count
        fieldWasQuoted = false
    }

    private func endRecord() throws {
        if record.ends.isEmpty && record.bytes.isEmpty && !fieldWasQuoted { return }  // a blank line (or the LF of a CRLF)
        endField()
        try handle(record)
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        fieldStart = 0
    }
}
