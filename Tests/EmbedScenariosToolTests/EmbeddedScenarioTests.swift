import Foundation
import Testing
@testable import EmbedScenariosTool

/// The literal the generator writes must have the file's text as its value whatever the text holds;
/// the real scenario files are checked end to end in ScenarioTests (EmbeddedTextTests).
@Suite struct EmbeddedScenarioTests {
    @Test func plainTextIsWrittenAsIsBetweenSingleHashDelimiters() {
        #expect(EmbeddedScenario.multiLineRawLiteral("a: 1  # \"quoted\" \\n\n")
                == "#\"\"\"\na: 1  # \"quoted\" \\n\n\n\"\"\"#")
    }

    @Test func theDelimiterOutgrowsAnyHashRunAfterAQuoteOrBackslash() {
        // `"""#` would end a #-delimited literal and `\#(` would interpolate in it.
        #expect(EmbeddedScenario.multiLineRawLiteral("x: \"\"\"#\ny: \\#(z) \"##\n")
                == "###\"\"\"\nx: \"\"\"#\ny: \\#(z) \"##\n\n\"\"\"###")
    }

    @Test func controlCharactersOtherThanTabAndLineFeedAreEscaped() {
        // A carriage return would be read as a line break (and normalised away), NUL is refused by the compiler.
        #expect(EmbeddedScenario.multiLineRawLiteral("a\r\n\tb\u{0}\u{7F}")
                == "#\"\"\"\na\\#u{D}\n\tb\\#u{0}\\#u{7F}\n\"\"\"#")
        #expect(EmbeddedScenario.multiLineRawLiteral("\"#\r")
                == "##\"\"\"\n\"#\\##u{D}\n\"\"\"##")
    }

    @Test func theSourceListsEveryScenarioInNameOrder() throws {
        let source = EmbeddedScenario.swiftSource([
            try EmbeddedScenario(name: "b-2", text: "b\n", file: "b-2.yaml"),
            try EmbeddedScenario(name: "a-1", text: "a\n", file: "a-1.yaml"),
        ])
        let a = try #require(source.range(of: "(\"a-1\", #\"\"\"\na\n\n\"\"\"#),"))
        let b = try #require(source.range(of: "(\"b-2\", #\"\"\"\nb\n\n\"\"\"#),"))
        #expect(a.upperBound < b.lowerBound)
        #expect(source.contains("extension BuiltInScenarios {"))
        #expect(source.contains("static let files: [(name: String, text: String)] = ["))
    }

    @Test func aNameThatCannotBeTypedAsABuiltInIsRefusedNamingTheFile() {
        #expect(throws: EmbeddedScenario.Failure.self) { try EmbeddedScenario(name: "my scenario", text: "", file: "Scenarios/my scenario.yaml") }
        do {
            _ = try EmbeddedScenario(name: "a\"b", text: "", file: "Scenarios/a\"b.yaml")
            Issue.record("accepted a name with a quote")
        } catch {
            #expect(String(describing: error).hasPrefix("Scenarios/a\"b.yaml: the name"))
        }
    }

    @Test func aFileThatIsNotUTF8IsRefusedAndAUTF8OneReadByteForByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml")
        try Data([0x61, 0xFF, 0x0A]).write(to: bad)
        #expect(throws: EmbeddedScenario.Failure.self) { try EmbeddedScenario(contentsOf: bad) }
        let good = folder.appendingPathComponent("good-2018.yaml")
        let bytes = Data("\u{FEFF}title: 曲江\r\n".utf8)  // a byte-order mark and CRLF are kept
        try bytes.write(to: good)
        let scenario = try EmbeddedScenario(contentsOf: good)
        #expect(scenario.name == "good-2018")
        #expect(Data(scenario.text.utf8) == bytes)
    }
}
