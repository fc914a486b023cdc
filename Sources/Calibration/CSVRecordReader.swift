#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Reporting

/// A streaming RFC 4180 reader for the calibration inputs, with the physical
/// line of every record: fields separated by commas; records ended by CRLF, LF
/// or a lone CR; quoted fields that may hold commas, doubled quotes and line
/// breaks; a UTF-8 byte-order mark at the start; completely empty lines skipped
/// (but counted). The same grammar as the claims file's scanner (which this
/// module does not touch: it is tuned for settlement), refusing with the line a
/// quote inside an unquoted field, anything but a comma or line break after a
/// closing quote, an unterminated quoted field, and invalid UTF-8.
///
/// The file is read in blocks of ``blockSize`` bytes, so memory does not grow
/// with the file, and hashed (SHA-256) as it is read. Each record's fields are
/// unescaped into one reused buffer; ``field(_:)`` gives a field's bytes, valid
/// until the next call of ``next()``.
final class CSVRecordReader {
    /// Bytes read per `read(2)`.
    static let blockSize = 1 << 20

    /// The file as the user named it (for errors).
    let name: String
    private let fd: Int32
    private let block: UnsafeMutablePointer<UInt8>
    private var blockCount = 0
    private var position = 0
    private var atEOF = false
    /// The unescaped bytes of the current record's fields, one after the other.
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity = 4096
    private var used = 0
    /// Where each field of the current record ends in the storage.
    private(set) var ends: [Int] = []
    /// The physical line the current record starts on (1-based).
    private(set) var line = 0
    /// The line the next record starts on.
    private var nextLine = 1
    private var first = true
    private var digest = SHA256()
    /// Bytes read so far.
    private(set) var bytesRead = 0

    /// Opens `path` when it is a regular file (a FIFO or device would block or never end:
    /// `Reporting.InputFile`); `name` is how errors name it, `what` what it should be ("roster").
    init(path: String, name: String, what: String = "CSV file") throws(CalibrationInputError) {
        self.name = name
        let descriptor: Int32
        do { descriptor = try Reporting.InputFile.open(path, what: what) } catch {
            throw CalibrationInputError(file: name, line: 0, column: nil, message: error.message)
        }
        fd = descriptor
        block = .allocate(capacity: Self.blockSize)
        storage = .allocate(capacity: capacity)
        ends.reserveCapacity(64)
    }

    deinit {
        close(fd)
        block.deallocate()
        storage.deallocate()
    }

    /// The number of fields of the current record.
    var count: Int { ends.count }

    /// The bytes of field `i` of the current record (valid until the next record is read).
    @inline(__always)
    func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i &- 1]
        return UnsafeBufferPointer(start: storage + start, count: ends[i] &- start)
    }

    /// Field `i` as text.
    func string(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }

    /// Reads to the end of the file (without parsing) and returns the lower-case hex SHA-256 of all its bytes.
    func finishHash() throws(CalibrationInputError) -> String {
        while !atEOF { try fill() }
        return digest.hexDigest()
    }

    private func fill() throws(CalibrationInputError) {
        guard !atEOF else { return }
        let n = read(fd, block, Self.blockSize)
        if n < 0 {
            throw CalibrationInputError(file: name, line: 0, column: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if n == 0 { atEOF = true }
        blockCount = n
        bytesRead += n
        position = 0
        if n > 0 { digest.update(UnsafeBufferPointer(start: block, count: n)) }
    }

    /// Peeks at the next byte without consuming it.
    @inline(__always)
    private func peekByte() throws(CalibrationInputError) -> UInt8? {
        if position == blockCount {
            try fill()
            if blockCount == 0 { return nil }
        }
        return block[position]
    }

    /// Makes room for `extra` more bytes of fields.
    @inline(__always)
    private func reserve(_ extra: Int) {
        guard used &+ extra > capacity else { return }
        var larger = capacity * 2
        while used + extra > larger { larger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.update(from: storage, count: used)
        storage.deallocate()
        storage = grown
        capacity = larger
    }

    @inline(__always)
    private func append(_ b: UInt8) {
        reserve(1)
        storage[used] = b
        used &+= 1
    }

    private func syntax(_ line: Int, _ message: String) -> CalibrationInputError {
        CalibrationInputError(file: name, line: line, column: nil, message: message)
    }

    /// Reads the next record; `false` at the end of the file.
    func next() throws(CalibrationInputError) -> Bool {
        used = 0
        ends.removeAll(keepingCapacity: true)
        if first {
            first = false
            // A UTF-8 byte-order mark.
            if try peekByte() == 0xEF {
                position &+= 1
                guard try peekByte() == 0xBB else { throw syntax(1, "invalid UTF-8; expected the file to be UTF-8 text") }
                position &+= 1
                guard try peekByte() == 0xBF else { throw syntax(1, "invalid UTF-8; expected the file to be UTF-8 text") }
                position &+= 1
            }
        }
        // Skip empty lines.
        while let b = try peekByte(), b == 0x0A || b == 0x0D {
            position &+= 1
            if b == 0x0D, try peekByte() == 0x0A { position &+= 1 }
            nextLine &+= 1
        }
        guard try peekByte() != nil else { return false }
        line = nextLine
        var fieldStart = 0
        var quoted = false
        var afterQuote = false
        var fieldHasText = false
        var hasHighBytes = false
        while true {
            if position == blockCount {
                try fill()
                if blockCount == 0 {
                    if quoted && !afterQuote {
                        throw syntax(line, "unterminated quoted field; expected a closing quote (\") before the end of the file")
                    }
                    break
                }
            }
            // The common case: a run of plain bytes of an unquoted field, copied in one go.
            if !quoted && !afterQuote {
                var i = position
                let end = blockCount
                while i < end {
                    let b = block[i]
                    if b == 0x2C || b == 0x0A || b == 0x0D || b == 0x22 { break }
                    if b >= 0x80 { hasHighBytes = true }
                    i &+= 1
                }
                let run = i &- position
                if run > 0 {
                    reserve(run)
                    (storage + used).update(from: block + position, count: run)
                    used &+= run
                    fieldHasText = true
                    position = i
                    if i == end { continue }
                }
            }
            let b = block[position]
            position &+= 1
            if quoted && !afterQuote {
                if b == 0x22 { afterQuote = true; continue }
                if b == 0x0A { nextLine &+= 1 } else if b == 0x0D {
                    if try peekByte() != 0x0A { nextLine &+= 1 }
                }
                if b >= 0x80 { hasHighBytes = true }
                append(b)
                continue
            }
            if afterQuote {
                if b == 0x22 { append(0x22); afterQuote = false; continue }  // a doubled quote
                guard b == 0x2C || b == 0x0A || b == 0x0D else {
                    throw syntax(line, "unexpected character after a closing quote; expected a comma or the end of the line (a quote inside a quoted field is written \"\")")
                }
                quoted = false
                afterQuote = false
            }
            switch b {
            case 0x2C:
                try finishField(start: fieldStart, check: hasHighBytes)
                fieldStart = used
                fieldHasText = false
                hasHighBytes = false
            case 0x0A, 0x0D:
                if b == 0x0D, try peekByte() == 0x0A { position &+= 1 }
                nextLine &+= 1
                try finishField(start: fieldStart, check: hasHighBytes)
                return true
            case 0x22:
                guard !fieldHasText && used == fieldStart else {
                    throw syntax(line, "a quote inside an unquoted field; expected the whole field in quotes with inner quotes doubled (\"a \"\"b\"\"\")")
                }
                quoted = true
            default:
                fieldHasText = true
                append(b)
            }
        }
        try finishField(start: fieldStart, check: hasHighBytes)
        return true
    }

    @inline(__always)
    private func finishField(start: Int, check: Bool) throws(CalibrationInputError) {
        if check && !UTF8Validation.isValid(UnsafeBufferPointer(start: storage + start, count: used &- start)) {
            throw syntax(line, "invalid UTF-8; expected the file to be UTF-8 text")
        }
        ends.append(used)
    }
}

/// UTF-8 well-formedness (RFC 3629: no overlongs, surrogates or values above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let end = bytes.count
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i &+= 1; continue }
            let length: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard end - i >= length else { return false }
            let second = bytes[i + 1]
            guard second >= lowest && second <= highest else { return false }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return false }
            i &+= length
        }
        return true
    }
}
