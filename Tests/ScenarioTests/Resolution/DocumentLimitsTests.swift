import Foundation
import Testing
@testable import Scenario

/// Hostile scenario documents end quickly with an error naming the file (issue 15):
/// anchors and aliases, deep nesting and huge files are refused before composing.
@Suite struct DocumentLimitsTests {
    /// Loads a file and returns the error and the seconds it took.
    func timedError(_ text: String) throws -> (ScenarioError?, Double, String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let start = Date()
        var caught: ScenarioError?
        do { _ = try ScenarioLoader.load(nameOrPath: url.path) } catch { caught = error }
        return (caught, Date().timeIntervalSince(start), url.path)
    }

    @Test func billionLaughsAsAMappingKeyEndsWithinTwoSeconds() throws {
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 { lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append("bomb:\n  ? *l9\n  : 1")
        let (error, seconds, path) = try timedError(lines.joined(separator: "\n") + "\n")
        let e = try #require(error)
        #expect(seconds < 2, "took \(seconds) s")
        #expect(e.file == path && e.line == 1 && e.message.contains("anchors"), "\(e)")
    }

    @Test func anAliasAloneIsRefusedAtItsLine() throws {
        let (error, _, path) = try timedError("scenario: {id: x, title: y}\nnotes: *nowhere\n")
        let e = try #require(error)
        #expect(e.file == path && e.line == 2 && e.message.contains("aliases"), "\(e)")
    }

    @Test func tenThousandDeepNestingEndsWithinTwoSeconds() throws {
        for text in [String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                     String(repeating: "{k: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
                     // Block style: 100 levels (deeper block nesting is quadratic in indentation bytes, so the size limit takes it).
                     (0..<100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"] {
            let (error, seconds, path) = try timedError(text)
            let e = try #require(error)
            #expect(seconds < 2, "took \(seconds) s")
            #expect(e.file == path && e.message.contains("nested more than"), "\(e)")
        }
    }

    @Test func aHundredMegabyteFileEndsWithinTwoSeconds() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).yaml")
        let chunk = Data(String(repeating: "# padding padding padding padding padding padding padding padding\n", count: 16_000).utf8)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        while try handle.offset() < 100_000_000 { try handle.write(contentsOf: chunk) }
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        let start = Date()
        var caught: ScenarioError?
        do { _ = try ScenarioLoader.load(nameOrPath: url.path) } catch { caught = error }
        let e = try #require(caught)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(e.file == url.path && e.message.contains("limited to"), "\(e)")
        // The same text handed over directly is refused before composing, too.
        let text = String(repeating: "#", count: DocumentLimits.maximumBytes + 1)
        let start2 = Date()
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(yaml: text, sourceName: "big.yaml") }
        #expect(Date().timeIntervalSince(start2) < 2)
    }

    @Test func aSecondDocumentIsRefused() throws {
        let (error, _, _) = try timedError("scenario: {id: x, title: y}\n---\nscenario: {id: z, title: w}\n")
        #expect(error?.message.contains("second YAML document") == true)
    }

    @Test func tooManyValuesEndWithinTwoSeconds() throws {
        // A flat mapping of more keys than the node limit: refused before composing (which hashes every key).
        let text = "notes:\n" + (0..<(DocumentLimits.maximumNodes / 2 + 1)).map { "  k\($0): 1\n" }.joined()
        let (error, seconds, path) = try timedError(text)
        let e = try #require(error)
        #expect(seconds < 2, "took \(seconds) s")
        #expect(e.file == path && e.message.contains("more than \(DocumentLimits.maximumNodes) values"), "\(e)")
    }

    @Test func theBuiltInsAreWellInsideTheLimits() throws {
        for name in ScenarioLoader.builtInNames {
            let text = try #require(ScenarioLoader.builtInText(name))
            #expect(text.utf8.count * 8 < DocumentLimits.maximumBytes)
            try DocumentLimits.check(text, file: name)
        }
    }
}
