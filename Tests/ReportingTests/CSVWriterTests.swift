import Foundation
import Testing
@testable import Reporting

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""), ("cr\rx", "\"cr\rx\""), (" spaced ", " spaced "),
        ("昆明市,五华区", "\"昆明市,五华区\""), ("\"", "\"\"\"\""),
    ])
    func escapesPerRFC4180(field: String, expected: String) {
        #expect(CSVWriter.escape(field) == expected)
        var bytes: [UInt8] = Array("x,".utf8)
        CSVWriter.append(field, to: &bytes)
        #expect(bytes == Array(("x," + expected).utf8))
    }

    @Test func freeRecordsFieldByFieldEqualWholeRecords() {
        var whole = CSVWriter(lineEnding: .crlf)
        whole.append(["a", "b,c"])
        whole.append(["only"])
        var byField = CSVWriter(lineEnding: .crlf)
        byField.appendField("a")
        byField.appendField("b,c")
        byField.endRecord()
        byField.appendField("only")
        byField.endRecord()
        #expect(whole.columnCount == nil)
        #expect(byField.bytes == whole.bytes)
        #expect(whole.text == "a,\"b,c\"\r\nonly\r\n")
    }

    @Test func writesHeaderAndRows() {
        var csv = CSVWriter(header: ["county", "year", "amount"])
        csv.append(["Lijiang, old town", "2017", NumberText.money(1234.5)])
        csv.append(["X", "2018", NumberText.money(fen: -5)])
        #expect(csv.text == "county,year,amount\n\"Lijiang, old town\",2017,1234.50\nX,2018,-0.05\n")
    }

    @Test func crlfLineEnding() {
        var csv = CSVWriter(header: ["a"], lineEnding: .crlf)
        csv.append(["1"])
        #expect(csv.text == "a\r\n1\r\n")
    }

    @Test func writesFileAtomically() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = CSVWriter(header: ["k", "v"])
        csv.append(["名", "值"])
        let url = folder.appendingPathComponent("t.csv")
        try csv.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "k,v\n名,值\n")
        #expect(try entries(folder) == ["t.csv"])
    }
}
