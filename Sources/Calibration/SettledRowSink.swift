import ClaimsFile

/// Reads the settled CSV that ``ClaimsFileSettler`` writes, record by record, as
/// it is written: a ``ByteSink`` that hands each record to a callback as a
/// ``CSVRecordReader`` (the claims file's own scanner, fed the output as it comes).
/// The header is the first record. Memory: the records not yet handed over.
public final class SettledRowSink: ByteSink {
    private let reader: CSVRecordReader
    private let handle: (CSVRecordReader) throws -> Void

    /// A sink that calls `handle` with every record (header first); `name` names the output in errors.
    public init(name: String, _ handle: @escaping (CSVRecordReader) throws -> Void) {
        reader = CSVRecordReader(pushedName: name)
        self.handle = handle
    }

    /// Hands over every record completed by `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        reader.append(bytes)
        while try reader.next() { try handle(reader) }
    }

    /// Hands over the last record when the output did not end with a line break.
    public func finish() throws {
        reader.endInput()
        while try reader.next() { try handle(reader) }
    }
}
