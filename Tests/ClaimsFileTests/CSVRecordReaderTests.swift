import ClaimsFileReference
import Foundation
import Reporting
import Testing
@testable import ClaimsFile

/// ``CSVRecordReader``: the claims scanner's grammar record by record from a
/// file, as the calibration reads its extract and roster.
@Suite struct CSVRecordReaderTests {
    /// A file in a fresh temporary folder (removed at the end of the test).
    func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-record-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("f.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }

    @Test func sha256IsTheFilesDigest() throws {
        // SHA-256("abc\n") is a known value; a one-record file with that content.
        try withFile(Array("abc\n".utf8)) { path in
            let reader = try CSVRecordReader(path: path, name: "x.csv")
            #expect(try reader.next())
            #expect(try reader.finishHash() == "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb")
        }
    }

    @Test func quotedFieldsSpanLinesAndLineNumbersFollow() throws {
        try withFile(Array("\u{FEFF}a,b\r\n\"x\r\ny\",\"say \"\"hi\"\"\"\n\n1,2".utf8)) { path in
            let reader = try CSVRecordReader(path: path, name: "q.csv")
            #expect(try reader.next() && reader.string(0) == "a" && reader.line == 1)
            #expect(try reader.next() && reader.string(0) == "x\r\ny" && reader.string(1) == "say \"hi\"" && reader.line == 2)
            #expect(try reader.next() && reader.string(1) == "2" && reader.line == 5)
            #expect(try !reader.next())
        }
    }

    @Test func syntaxErrorsAreTheScannersWithFileAndLine() throws {
        try withFile(Array("a,b\n1,\"2\"x\n".utf8)) { path in
            let reader = try CSVRecordReader(path: path, name: "bad.csv")
            #expect(try reader.next())
            do { _ = try reader.next(); Issue.record("accepted") } catch {
                #expect(error as? ClaimsFileError == ClaimsFileError(file: "bad.csv", line: 2, column: nil, message: CSVSyntaxError.afterClosingQuote))
            }
        }
        do { _ = try CSVRecordReader(path: "/nonexistent/roster.csv", name: "roster.csv", what: "roster"); Issue.record("opened") } catch {
            #expect(error.isUnreadable && error.description == "roster.csv: no such roster", "\(error)")
        }
    }

    /// A file of several blocks with every hard part of CSV (quoted line breaks,
    /// doubled quotes, CRLF, UTF-8, a BOM, blank lines): the same records and
    /// lines as the whole-file reference reader, and the file's SHA-256.
    @Test func recordsAcrossBlocksEqualTheReferenceReader() throws {
        var bytes: [UInt8] = []
        RandomClaimsFile(claims: 30_000, persons: 3_000, seed: 99, hardCSV: true).write { bytes += $0 }
        #expect(bytes.count > 2 * CSVRecordReader.blockSize)
        var expected: [ReferenceCSVRecord] = []
        var reference = ReferenceCSVReader(bytes: bytes)
        while let record = try reference.next() { expected.append(record) }
        try withFile(bytes) { path in
            let reader = try CSVRecordReader(path: path, name: "r.csv")
            var got: [ReferenceCSVRecord] = []
            while try reader.next() { got.append(ReferenceCSVRecord(fields: (0..<reader.count).map(reader.string), line: reader.line)) }
            #expect(got.count == expected.count)
            #expect(got == expected)
            #expect(try reader.finishHash() == SHA256.hex(bytes))
            #expect(reader.bytesRead == bytes.count)
        }
    }

    /// The same hard file from memory, and pushed in chunks of 1 to 97 bytes (so a chunk ends
    /// inside CRLF pairs, doubled quotes and UTF-8 characters): the same records and lines as
    /// the reference reader; a pushed record is handed over only once it is complete.
    @Test func memoryAndPushedInputsGiveTheSameRecords() throws {
        var bytes: [UInt8] = []
        RandomClaimsFile(claims: 3_000, persons: 300, seed: 7, hardCSV: true).write { bytes += $0 }
        var expected: [ReferenceCSVRecord] = []
        var reference = ReferenceCSVReader(bytes: bytes)
        while let record = try reference.next() { expected.append(record) }
        func records(_ reader: CSVRecordReader, into got: inout [ReferenceCSVRecord]) throws {
            while try reader.next() { got.append(ReferenceCSVRecord(fields: (0..<reader.count).map(reader.string), line: reader.line)) }
        }
        let memory = CSVRecordReader(bytes: bytes, name: "m.csv")
        var fromMemory: [ReferenceCSVRecord] = []
        try records(memory, into: &fromMemory)
        #expect(fromMemory == expected)
        #expect(try memory.finishHash() == SHA256.hex(bytes))

        let pushed = CSVRecordReader(pushedName: "p.csv")
        var fromPushes: [ReferenceCSVRecord] = []
        var offset = 0, chunk = 1
        while offset < bytes.count {
            let n = min(chunk, bytes.count - offset)
            bytes[offset..<(offset + n)].withUnsafeBytes { pushed.append($0) }
            try records(pushed, into: &fromPushes)
            offset += n
            chunk = chunk % 97 + 1
        }
        #expect(fromPushes.count <= expected.count)
        pushed.endInput()
        try records(pushed, into: &fromPushes)
        #expect(fromPushes == expected)

        // A record without a line break at the end is handed over only after endInput().
        let last = CSVRecordReader(pushedName: "l.csv")
        Array("a,b\n1,\"2".utf8).withUnsafeBytes { last.append($0) }
        #expect(try last.next() && last.string(1) == "b")
        #expect(try !last.next())
        Array("\"".utf8).withUnsafeBytes { last.append($0) }
        #expect(try !last.next())
        last.endInput()
        #expect(try last.next() && last.string(1) == "2" && last.line == 2)
        #expect(try !last.next())
    }
}
