import Testing
@testable import ClaimsFile

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
    func records(_ text: String) throws -> [CSVRecord] {
        var reader = CSVReader(string: text)
        return try reader.readAll()
    }

    @Test func plainRecordsAndLineNumbers() throws {
        let r = try records("a,b,c\n1,2,3\n")
        #expect(r == [CSVRecord(fields: ["a", "b", "c"], line: 1), CSVRecord(fields: ["1", "2", "3"], line: 2)])
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let r = try records("id,note\n1,\"a, \"\"quoted\"\" word\"\n2,\"two\nlines\"\n3,after\n")
        #expect(r.map(\.fields) == [["id", "note"], ["1", "a, \"quoted\" word"], ["2", "two\nlines"], ["3", "after"]])
        // The record after the embedded newline starts on physical line 5.
        #expect(r.map(\.line) == [1, 2, 3, 5])
    }

    @Test func crlfAndLoneCRAndNoFinalNewline() throws {
        let r = try records("a,b\r\n1,2\r3,4")
        #expect(r.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func crlfInsideQuotesIsKeptAndCountedOnce() throws {
        let r = try records("x\r\n\"a\r\nb\"\r\nnext\r\n")
        #expect(r.map(\.fields) == [["x"], ["a\r\nb"], ["next"]])
        #expect(r.map(\.line) == [1, 2, 4])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("person_id,x\nP1,1\n".utf8)
        var reader = CSVReader(bytes: bytes)
        let r = try reader.readAll()
        #expect(r[0].fields == ["person_id", "x"])
    }

    @Test func emptyFieldsAndTrailingComma() throws {
        let r = try records(",a,,\n\"\",b\n")
        #expect(r.map(\.fields) == [["", "a", "", ""], ["", "b"]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let r = try records("a\n\n\nb\n")
        #expect(r == [CSVRecord(fields: ["a"], line: 1), CSVRecord(fields: ["b"], line: 4)])
    }

    @Test func utf8FieldsSurvive() throws {
        let r = try records("名称,值\n高血压Ⅱ—Ⅲ期,\"终末期肾病, ESRD\"\n")
        #expect(r[1].fields == ["高血压Ⅱ—Ⅲ期", "终末期肾病, ESRD"])
    }

    @Test func unterminatedQuoteNamesTheLineItOpened() {
        #expect(throws: CSVError(line: 2, message: "unterminated quoted field; expected a closing quote (\") before the end of the file")) {
            try records("a\n\"open\nstill open\n")
        }
    }

    @Test func garbageAfterClosingQuoteIsAnError() {
        let error = #expect(throws: CSVError.self) { try records("a,b\n\"x\"y,2\n") }
        #expect(error?.line == 2)
    }

    @Test func quoteInsideUnquotedFieldIsAnError() {
        let error = #expect(throws: CSVError.self) { try records("a\nb\nO\"Brien\n") }
        #expect(error?.line == 3)
    }

    @Test func invalidUTF8IsAnError() {
        var reader = CSVReader(bytes: Array("a\n".utf8) + [0xFF, 0xFE, UInt8(ascii: "\n")])
        let error = #expect(throws: CSVError.self) { try reader.readAll() }
        #expect(error?.line == 2)
    }

    @Test func writerRoundTripsThroughReader() throws {
        let rows = [["plain", "with, comma", "with \"quote\"", "two\nlines", "", "cr\r\nlf"]]
        var writer = CSVWriter()
        for row in rows { writer.write(row) }
        #expect(writer.text == "plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\nlines\",,\"cr\r\nlf\"\n")
        #expect(try records(writer.text).map(\.fields) == rows)
    }
}
