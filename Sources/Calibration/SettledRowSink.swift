import ClaimsFile

/// Reads the settled CSV that ``ClaimsFileSettler`` writes, record by record, as
/// it is written: a ``ByteSink`` that splits RFC 4180 records into fields and hands
/// each to a callback. The header is the first record. Memory: one record.
public final class SettledRowSink: ByteSink {
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var quotePending = false
    private var fieldWasQuoted = false
    private let handle: ([[UInt8]]) throws -> Void

    /// A sink that calls `handle` with the fields of every record (header first).
    public init(_ handle: @escaping ([[UInt8]]) throws -> Void) { self.handle = handle }

    /// Splits what was written into records.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        for b in bytes {
            if inQuotes {
                if quotePending {
                    quotePending = false
                    if b == UInt8(ascii: "\"") { field.append(b); continue }
                    inQuotes = false
                } else if b == UInt8(ascii: "\"") {
                    quotePending = true
                    continue
                } else {
                    field.append(b)
                    continue
                }
            }
            switch b {
            case UInt8(ascii: "\"") where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case UInt8(ascii: ","):
                endField()
            case 10, 13:
                try endRecord()
            default:
                field.append(b)
            }
        }
    }

    /// Hands over the last record when the output did not end with a line break.
    public func finish() throws {
        if inQuotes && quotePending { inQuotes = false; quotePending = false }
        try endRecord()
    }

    private func endField() {
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }

    private func endRecord() throws {
        if fields.isEmpty && field.isEmpty && !fieldWasQuoted { return }  // a blank line (or the LF of a CRLF)
        endField()
        try handle(fields)
        fields.removeAll(keepingCapacity: true)
    }
}
