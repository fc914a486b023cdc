import ClaimsFileReference
import PropertyBased
import Reporting
import Testing
@testable import ClaimsFile

/// The byte-level CSV layer: the RFC 4180 behaviours of the reader it replaced
/// (line numbers, quoting, CRLF, BOM, blank lines, errors), with the input fed a
/// few bytes at a time so that every record is cut at every position, and
/// compared with that reader on random byte soup.
@Suite("CSV records scanned in place")
struct RecordScannerTests {
    struct Record: Equatable { var fields: [String]; var line: Int }

    /// The records of `bytes`, made available `feed` bytes at a time as blocks
    /// would be; each tried with the plain-record scan first, as the settler does
    /// (`plainFirst`), or with the general scan only.
    static func records(_ bytes: [UInt8], feed: Int = .max, plainFirst: Bool = true) throws(CSVSyntaxError) -> [Record] {
        var result: [Record] = []
        var spans = SpanList()
        var available = min(feed, bytes.count)
        var position = 0
        var line = 1
        var checkedBOM = false
        while true {
            let atEnd = available == bytes.count
            var needMore = false
            try bytes.withUnsafeBufferPointer { (buffer) throws(CSVSyntaxError) in
                let p = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                if !checkedBOM {
                    if available < 3 && !atEnd { needMore = true; return }
                    checkedBOM = true
                    if available >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
                }
                while true {
                    guard RecordScanner.skipBlankLines(p, position: &position, count: available, atEnd: atEnd, line: &line) else { needMore = true; return }
                    if position == available { needMore = !atEnd; return }
                    if plainFirst, let end = try RecordScanner.scanPlain(p, start: position, count: available, line: line, spans: &spans) {
                        result.append(Record(fields: (0..<spans.count).map { text(p, spans[$0]) }, line: line))
                        position = end + 1
                        line += 1
                        continue
                    }
                    switch try RecordScanner.scan(p, start: position, count: available, atEnd: atEnd, line: line, spans: &spans) {
                    case .incomplete:
                        needMore = true
                        return
                    case .record(_, let next, let nextLine, _):
                        result.append(Record(fields: (0..<spans.count).map { text(p, spans[$0]) }, line: line))
                        position = next
                        line = nextLine
                    }
                }
            }
            if !needMore { return result }
            precondition(!atEnd, "the scanner asked for more at the end")
            available = min(available + feed, bytes.count)
        }
    }

    static func records(_ text: String, feed: Int = .max, plainFirst: Bool = true) throws(CSVSyntaxError) -> [Record] {
        try records(Array(text.utf8), feed: feed, plainFirst: plainFirst)
    }

    /// Every feed size gives the same records as the whole input at once.
    static func check(_ text: String, _ expected: [Record], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for feed in [1, 2, 3, 5, 7, Int.max] {
            for plainFirst in [true, false] {
                #expect(try records(text, feed: feed, plainFirst: plainFirst) == expected, "feed \(feed), plain first: \(plainFirst)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func plainRecordsAndLineNumbers() throws {
        try Self.check("a,b,c\n1,2,3\n", [Record(fields: ["a", "b", "c"], line: 1), Record(fields: ["1", "2", "3"], line: 2)])
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        try Self.check("id,note\n1,\"a, \"\"quoted\"\" word\"\n2,\"two\nlines\"\n3,after\n", [
            Record(fields: ["id", "note"], line: 1), Record(fields: ["1", "a, \"quoted\" word"], line: 2),
            Record(fields: ["2", "two\nlines"], line: 3), Record(fields: ["3", "after"], line: 5),
        ])
    }

    @Test func crlfAndLoneCRAndNoFinalNewline() throws {
        try Self.check("a,b\r\n1,2\r3,4", [Record(fields: ["a", "b"], line: 1), Record(fields: ["1", "2"], line: 2), Record(fields: ["3", "4"], line: 3)])
    }

    @Test func crlfInsideQuotesIsKeptAndCountedOnce() throws {
        try Self.check("x\r\n\"a\r\nb\"\r\nnext\r\n", [Record(fields: ["x"], line: 1), Record(fields: ["a\r\nb"], line: 2), Record(fields: ["next"], line: 4)])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("person_id,x\nP1,1\n".utf8)
        for feed in [1, 2, 4, Int.max] {
            #expect(try Self.records(bytes, feed: feed).first?.fields == ["person_id", "x"])
        }
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        try Self.check(",a,,\n\"\",b\n", [Record(fields: ["", "a", "", ""], line: 1), Record(fields: ["", "b"], line: 2)])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        try Self.check("a\n\n\r\n\rb\n", [Record(fields: ["a"], line: 1), Record(fields: ["b"], line: 5)])
    }

    @Test func utf8FieldsSurvive() throws {
        try Self.check("名称,值\n高血压Ⅱ—Ⅲ期,\"终末期肾病, ESRD\"\n", [Record(fields: ["名称", "值"], line: 1), Record(fields: ["高血压Ⅱ—Ⅲ期", "终末期肾病, ESRD"], line: 2)])
    }

    func expectError(_ text: [UInt8], line: Int, message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for feed in [1, 3, Int.max] {
            do {
                _ = try Self.records(text, feed: feed)
                Issue.record("expected an error", sourceLocation: sourceLocation)
            } catch {
                #expect(error.line == line, sourceLocation: sourceLocation)
                #expect(error.message == message, sourceLocation: sourceLocation)
            }
        }
    }

    @Test func unterminatedQuoteNamesTheLineItOpened() {
        expectError(Array("a\n\"open\nstill open\n".utf8), line: 2, message: CSVSyntaxError.unterminated)
    }

    @Test func garbageAfterClosingQuoteIsAnError() {
        expectError(Array("a,b\n\"x\"y,2\n".utf8), line: 2, message: CSVSyntaxError.afterClosingQuote)
    }

    @Test func quoteInsideUnquotedFieldIsAnError() {
        expectError(Array("a\nb\nO\"Brien\n".utf8), line: 3, message: CSVSyntaxError.quoteInUnquoted)
    }

    @Test func invalidUTF8IsAnError() {
        expectError(Array("a\n".utf8) + [0xFF, 0xFE, UInt8(ascii: "\n")], line: 2, message: CSVSyntaxError.invalidUTF8)
        // A field that is bad UTF-8 before a quote error: the earlier field's fault is reported, as before.
        expectError(Array("a,b\n".utf8) + [0xC3, UInt8(ascii: ","), UInt8(ascii: "x"), UInt8(ascii: "\""), UInt8(ascii: "\n")],
                    line: 2, message: CSVSyntaxError.invalidUTF8)
        // Overlong forms and surrogates are refused as String(validating:) refuses them.
        expectError([0xC0, 0xAF], line: 1, message: CSVSyntaxError.invalidUTF8)
        expectError([0xED, 0xA0, 0x80], line: 1, message: CSVSyntaxError.invalidUTF8)
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() async {
        await propertyCheck(count: 2_000, input: Gen.uint8(in: 0...255).array(of: 0...8)) { bytes in
            let ours = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    /// Random byte soup of the characters that matter: the scanner, fed in any
    /// block size, gives the same records, lines and errors as the reader it replaced.
    @Test func agreesWithTheReferenceReaderOnRandomInput() async {
        let pieces: [[UInt8]] = [[0x61], [0x62], [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0D], [0x0D, 0x0A],
                                 [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF]]
        await propertyCheck(count: 3_000, input: zip(Gen.int(in: 0...(pieces.count - 1)).array(of: 0...30), Gen.int(in: 1...6))) { indices, feed in
            let bytes = indices.flatMap { pieces[$0] }
            var reference = ReferenceCSVReader(bytes: bytes)
            let expected: Result<[Record], CSVSyntaxError>
            do {
                expected = .success(try reference.readAll().map { Record(fields: $0.fields, line: $0.line) })
            } catch let error as ReferenceCSVError {
                expected = .failure(CSVSyntaxError(line: error.line, message: error.message))
            } catch {
                Issue.record("\(error)")
                return
            }
            let actual: Result<[Record], CSVSyntaxError>
            do { actual = .success(try Self.records(bytes, feed: feed)) } catch let error as CSVSyntaxError { actual = .failure(error) } catch { return }
            switch (expected, actual) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(bytes) feed \(feed)")
            case (.failure(let a), .failure(let b)): #expect(a.line == b.line && a.message == b.message, "\(bytes) feed \(feed): \(a) vs \(b)")
            default: Issue.record("\(bytes) feed \(feed): reference \(expected), scanner \(actual)")
            }
        }
    }

    /// Long records of mostly plain bytes, so that the plain scan's 16-byte
    /// steps meet commas, line feeds, quotes, CRs and multi-byte characters at
    /// every offset, and records with more fields than it takes: the same
    /// records, lines and errors as the general scan alone and as the reader it replaced.
    @Test func plainScanAgreesWithTheGeneralScan() async throws {
        let pieces: [[UInt8]] = [[0x61], [0x61], [0x61], [0x61], [0x62, 0x63, 0x64], [0x2C], [0x2C], [0x2C], [0x0A], [0x0A],
                                 [0x22], [0x0D], [0x0D, 0x0A], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xFF], [0xC3]]
        await propertyCheck(count: 2_000, input: zip(Gen.int(in: 0...(pieces.count - 1)).array(of: 0...300), Gen.int(in: 1...40))) { indices, feed in
            let bytes = indices.flatMap { pieces[$0] }
            func run(_ plainFirst: Bool, _ feed: Int) -> Result<[Record], CSVSyntaxError> {
                do { return .success(try Self.records(bytes, feed: feed, plainFirst: plainFirst)) } catch { return .failure(error) }
            }
            var reference = ReferenceCSVReader(bytes: bytes)
            let expected: Result<[Record], CSVSyntaxError>
            do {
                expected = .success(try reference.readAll().map { Record(fields: $0.fields, line: $0.line) })
            } catch let error as ReferenceCSVError {
                expected = .failure(CSVSyntaxError(line: error.line, message: error.message))
            } catch {
                Issue.record("\(error)")
                return
            }
            for actual in [run(true, feed), run(true, .max), run(false, feed)] {
                switch (expected, actual) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(bytes) feed \(feed)")
                case (.failure(let a), .failure(let b)): #expect(a.line == b.line && a.message == b.message, "\(bytes) feed \(feed): \(a) vs \(b)")
                default: Issue.record("\(bytes) feed \(feed): reference \(expected), scanner \(actual)")
                }
            }
        }
        // More fields than the plain scan takes: the general scan's record.
        let wide = (0..<(SpanList.plainCapacity + 5)).map(String.init)
        #expect(try Self.records(wide.joined(separator: ",") + "\n").map(\.fields) == [wide])
        let exact = (0..<SpanList.plainCapacity).map(String.init)
        #expect(try Self.records(exact.joined(separator: ",") + "\n").map(\.fields) == [exact])
    }

    @Test func writerRoundTripsThroughScanner() throws {
        let rows = [["plain", "with, comma", "with \"quote\"", "two\nlines", "", "cr\r\nlf"]]
        var writer = CSVWriter()
        for row in rows { writer.append(row) }
        #expect(writer.text == "plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\nlines\",,\"cr\r\nlf\"\n")
        #expect(try Self.records(writer.text).map(\.fields) == rows)
    }
}
