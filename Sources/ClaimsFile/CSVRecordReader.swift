#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Reporting

/// Reads CSV record by record with the claims file's grammar (``RecordScanner``:
/// RFC 4180 with line numbers, a byte-order mark, blank lines skipped but
/// counted, the same refusals with the same words), for readers that want
/// fields rather than settled claims: the calibration's claims extract, roster
/// and targets file, and the settled rows of its rules check.
///
/// Why: one scanner for every CSV input, so a file the settler accepts is read
/// alike by the calibration, and an error is worded and located alike.
///
/// Three inputs: a file (``init(path:name:what:)``), read in blocks of
/// ``blockSize`` bytes (a record longer than a block grows the buffer), so memory
/// does not grow with the file, and hashed (SHA-256) as it is read; bytes in
/// memory (``init(bytes:name:)``); or bytes pushed as they are produced
/// (``init(pushedName:)``, ``append(_:)``, ``endInput()``). A field's bytes are
/// those between its quotes, with doubled quotes undone; they stay valid until
/// the next call of ``next()`` or ``append(_:)``.
public final class CSVRecordReader {
    /// Bytes read per `read(2)`.
    public static let blockSize = 1 << 20

    /// The file as the user named it (for errors).
    public let name: String
    /// Where the bytes come from.
    private enum Input {
        /// A file descriptor, read in blocks.
        case file(Int32)
        /// Bytes in memory, copied in blocks from `offset`.
        case memory([UInt8], offset: Int)
        /// Bytes handed over by ``append(_:)``; the end by ``endInput()``.
        case pushed
    }
    private var input: Input
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var position = 0
    private var atEnd = false
    private var checkedBOM = false
    /// The line the next record starts on, or the next blank line.
    private var nextLine = 1
    private var spans = SpanList()
    /// The current record's fields.
    private var fields: [UnsafeBufferPointer<UInt8>] = []
    /// Fields with doubled quotes, undone.
    private var unescaped: UnsafeMutablePointer<UInt8>
    private var unescapedCapacity = 4096
    private var digest = SHA256()
    /// The physical line the current record starts on (1-based).
    public private(set) var line = 0
    /// Bytes read so far.
    public private(set) var bytesRead = 0

    /// Opens `path` when it is a regular file (a FIFO or device would block or
    /// never end: `Reporting.InputFile`); `name` is how errors name it, `what`
    /// what it should be ("roster"). A file that cannot be opened is an error on line 0.
    public init(path: String, name: String, what: String = "CSV file") throws(ClaimsFileError) {
        self.name = name
        do { input = .file(try InputFile.open(path, what: what)) } catch {
            throw ClaimsFileError(file: name, line: 0, column: nil, message: error.message)
        }
        capacity = Self.blockSize
        buffer = .allocate(capacity: capacity)
        unescaped = .allocate(capacity: unescapedCapacity)
        fields.reserveCapacity(64)
    }

    /// Reads `bytes` (the contents of `name`, e.g. a file already in memory).
    public init(bytes: [UInt8], name: String) {
        self.name = name
        input = .memory(bytes, offset: 0)
        capacity = Self.blockSize
        buffer = .allocate(capacity: capacity)
        unescaped = .allocate(capacity: unescapedCapacity)
        fields.reserveCapacity(64)
    }

    /// Reads bytes as they are produced: hand them over with ``append(_:)``;
    /// ``next()`` returns `false` when no whole record is in yet, and after
    /// ``endInput()`` also hands over a last record without a line break. Not hashed.
    public init(pushedName name: String) {
        self.name = name
        input = .pushed
        capacity = Self.blockSize
        buffer = .allocate(capacity: capacity)
        unescaped = .allocate(capacity: unescapedCapacity)
        fields.reserveCapacity(64)
    }

    deinit {
        if case .file(let fd) = input { close(fd) }
        buffer.deallocate()
        unescaped.deallocate()
    }

    /// The number of fields of the current record.
    public var count: Int { fields.count }

    /// The bytes of field `i` of the current record (valid until the next record is read).
    @inline(__always)
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { fields[i] }

    /// Field `i` as text.
    public func string(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }

    /// Reads to the end of the input (without parsing) and returns the lower-case hex SHA-256 of all its bytes
    /// (a file or bytes in memory; pushed bytes are not hashed).
    public func finishHash() throws(ClaimsFileError) -> String {
        while !atEnd {
            position = filled  // the rest is not parsed: drop it as it is read
            guard try fill() else { break }
        }
        return digest.hexDigest()
    }

    /// Hands over the next bytes of a pushed input (``init(pushedName:)``).
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard case .pushed = input else { preconditionFailure("append(_:) is for a pushed input") }
        precondition(!atEnd, "append(_:) after endInput()")
        makeRoom(for: bytes.count)
        if let base = bytes.baseAddress { (buffer + filled).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
        filled &+= bytes.count
        bytesRead &+= bytes.count
    }

    /// Ends a pushed input: ``next()`` then hands over what is left.
    public func endInput() {
        guard case .pushed = input else { preconditionFailure("endInput() is for a pushed input") }
        atEnd = true
    }

    /// Keeps the bytes from `position` on (moved to the start) and grows the buffer until `count` more fit after them.
    private func makeRoom(for count: Int) {
        let kept = filled &- position
        if position > 0 {
            if kept > 0 { buffer.update(from: buffer + position, count: kept) }
            filled = kept
            position = 0
        }
        if capacity &- filled < count {
            var larger = capacity * 2
            while larger &- filled < count { larger *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = grown
            capacity = larger
        }
    }

    /// Keeps the bytes from `position` on, growing the buffer when they fill it, and reads one
    /// more block after them; `false` when a pushed input has nothing more yet.
    private func fill() throws(ClaimsFileError) -> Bool {
        switch input {
        case .pushed:
            return false
        case .memory(let bytes, let offset):
            makeRoom(for: Self.blockSize)
            let n = min(Self.blockSize, bytes.count &- offset)
            if n == 0 { atEnd = true }
            bytes.withUnsafeBufferPointer { (buffer + filled).update(from: $0.baseAddress! + offset, count: n) }
            input = .memory(bytes, offset: offset &+ n)
            digest.update(UnsafeBufferPointer(start: buffer + filled, count: n))
            filled &+= n
            bytesRead &+= n
            return true
        case .file(let fd):
            makeRoom(for: Self.blockSize)
            while true {
                let n = read(fd, buffer + filled, Self.blockSize)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ClaimsFileError(file: name, line: 0, column: nil, message: "cannot read: \(String(cString: strerror(errno)))")
                }
                if n == 0 { atEnd = true }
                digest.update(UnsafeBufferPointer(start: buffer + filled, count: n))
                filled &+= n
                bytesRead &+= n
                return true
            }
        }
    }

    /// Reads the next record; `false` at the end of the input (a pushed input: or until more is appended).
    public func next() throws(ClaimsFileError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        while true {
            let p = UnsafePointer(buffer)
            if !checkedBOM {
                if filled < 3 && !atEnd { guard try fill() else { return false }; continue }
                checkedBOM = true
                if filled >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
            }
            guard RecordScanner.skipBlankLines(p, position: &position, count: filled, atEnd: atEnd, line: &nextLine) else {
                guard try fill() else { return false }
                continue
            }
            if position == filled {
                if atEnd { return false }
                guard try fill() else { return false }
                continue
            }
            let outcome: ScanOutcome
            do {
                if let plainEnd = try RecordScanner.scanPlain(p, start: position, count: filled, line: nextLine, spans: &spans) {
                    outcome = .record(end: plainEnd, next: plainEnd &+ 1, nextLine: nextLine &+ 1, hasQuotes: false)
                } else {
                    outcome = try RecordScanner.scan(p, start: position, count: filled, atEnd: atEnd, line: nextLine, spans: &spans)
                }
            } catch {
                throw ClaimsFileError(file: name, line: error.line, column: nil, message: error.message)
            }
            guard case .record(_, let next, let following, let hasQuotes) = outcome else {
                guard try fill() else { return false }
                continue
            }
            line = nextLine
            setFields(p, hasQuotes: hasQuotes)
            position = next
            nextLine = following
            return true
        }
    }

    /// The fields of the record just scanned: in place, or unescaped when they hold doubled quotes.
    private func setFields(_ p: UnsafePointer<UInt8>, hasQuotes: Bool) {
        if hasQuotes {
            var needed = 0
            for k in 0..<spans.count where spans[k].has(FieldSpan.escapes) { needed &+= spans[k].count }
            if needed > unescapedCapacity {
                unescaped.deallocate()
                unescapedCapacity = max(needed, unescapedCapacity * 2)
                unescaped = .allocate(capacity: unescapedCapacity)
            }
        }
        var used = 0
        for k in 0..<spans.count {
            let span = spans[k]
            guard span.has(FieldSpan.escapes) else {
                fields.append(UnsafeBufferPointer(start: p + span.start, count: span.count))
                continue
            }
            let start = used
            var j = span.start
            while j < span.end {
                unescaped[used] = p[j]
                used &+= 1
                j &+= p[j] == .quote ? 2 : 1
            }
            fields.append(UnsafeBufferPointer(start: unescaped + start, count: used &- start))
        }
    }
}
