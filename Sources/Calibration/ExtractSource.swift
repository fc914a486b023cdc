import ClaimsFile
import Reporting

/// Feeds a claims extract to ``ClaimsFileSettler`` with its recorded payment
/// columns renamed, and remembers on which line each record starts.
///
/// Why: an extract from the one-stop settlement system may carry what each tier
/// actually paid, in columns named by the tier ids (and `out_of_pocket`). The
/// settler refuses an input that has its output columns, so the header's
/// recorded columns are passed on as `recorded:ID` (`:` is never part of an id,
/// so the new name cannot clash); they are then carried through to the output
/// like any extra column. Every other byte passes unchanged, so the settler's
/// line numbers stay the file's. The record start lines (CSV records may span
/// lines inside quotes; blank lines are skipped, as the settler skips them) let a
/// reader of the settled output name the input line of each row.
public final class ExtractSource: ByteSource {
    /// The prefix of a renamed recorded column.
    public static let recordedPrefix = "recorded:"

    private let base: ByteSource
    private let name: String
    private let renamed: Set<String>
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var headerDone = false
    private var baseEnded = false
    /// The header's column names as in the file.
    public private(set) var header: [String] = []
    /// The line on which each record starts (record 0: the header), filled as the file is read.
    public private(set) var recordLines: [Int32] = []
    private var line = 1
    private var inQuotes = false
    private var atRecordStart = true
    private var afterCR = false

    /// Wraps `base` (the file `name`, for errors); header columns named in `recorded` are renamed to `recorded:NAME`.
    public init(_ base: ByteSource, name: String, recorded: Set<String>) {
        self.base = base
        self.name = name
        self.renamed = recorded
    }

    /// Reads the header (renamed) first, then the rest of the file as is.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !headerDone { try readHeader() }
        if pendingOffset < pending.count {
            let n = min(buffer.count, pending.count - pendingOffset)
            for i in 0..<n { buffer[i] = pending[pendingOffset + i] }
            pendingOffset += n
            if pendingOffset == pending.count { pending = []; pendingOffset = 0 }
            return n
        }
        if baseEnded { return 0 }
        let n = try base.read(into: buffer)
        if n == 0 { baseEnded = true }
        track(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        return n
    }

    /// The header's column names (renamed) after reading it; reads it if not yet read.
    public func columns() throws -> [String] {
        if !headerDone { try readHeader() }
        return header.map { renamed.contains($0) ? Self.recordedPrefix + $0 : $0 }
    }

    /// Reads up to the end of the first record (after any blank lines), parses the header with the
    /// claims scanner (``CSVRecordReader``) and queues the blank lines, the header renamed, then the rest
    /// read so far. A byte-order mark is dropped.
    private func readHeader() throws {
        headerDone = true
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var start: Int?
        var end: Int?
        var quoted = false
        var scanned = 0
        while end == nil {
            let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
            if n == 0 { baseEnded = true; break }
            bytes.append(contentsOf: chunk[0..<n])
            if scanned == 0 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { scanned = 3 }
            while scanned < bytes.count {
                let b = bytes[scanned]
                let lineBreak = b == 10 || b == 13
                if start == nil {
                    if !lineBreak { start = scanned; continue }
                } else if b == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted && lineBreak { end = scanned; break }
                scanned += 1
            }
        }
        let bomEnd = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let headerStart = start ?? bytes.count
        let headerEnd = end ?? bytes.count
        let reader = CSVRecordReader(bytes: Array(bytes[bomEnd..<headerEnd]), name: name)
        header = try reader.next() ? (0..<reader.count).map(reader.string) : []
        var out = Array(bytes[bomEnd..<headerStart])
        for (i, name) in header.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CSVWriter.append(renamed.contains(name) ? Self.recordedPrefix + name : name, to: &out)
        }
        let rest = Array(bytes[headerEnd...])
        track(out.withUnsafeBytes { $0 })
        rest.withUnsafeBytes { track($0) }
        pending = out + rest
        pendingOffset = 0
    }

    /// Counts lines and notes where records start (quotes toggle; CR, LF and CRLF are one
    /// break each). State in locals during the loop, as in ``SettledRowSink``.
    private func track(_ bytes: UnsafeRawBufferPointer) {
        var line = self.line, inQuotes = self.inQuotes, atRecordStart = self.atRecordStart, afterCR = self.afterCR
        var starts = self.recordLines
        self.recordLines = []
        for b in bytes {
            if b == 10 && afterCR { afterCR = false; continue }
            afterCR = false
            if b == 10 || b == 13 {
                afterCR = b == 13
                line += 1
                if !inQuotes { atRecordStart = true }
                continue
            }
            if atRecordStart { starts.append(Int32(truncatingIfNeeded: line)); atRecordStart = false }
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
        }
        self.line = line; self.inQuotes = inQuotes; self.atRecordStart = atRecordStart; self.afterCR = afterCR
        self.recordLines = starts
    }
}
