import Foundation
import Testing
@testable import Scenario

/// Hostile scenario documents end quickly with an error naming the file (issue 15):
/// anchors and aliases, deep nesting and huge files are refused before composing.
///
/// "Quickly" is not a wall-clock limit (this machine's speed varies by 20% and more
/// under load): each refusal is timed against a baseline measured alongside it,
/// loading the shipped Yunnan scenario (a full parse and resolution of a real
/// 62 KB file), runs alternated and the medians compared. A refusal before
/// composing costs a scan of the bytes, a fraction of the baseline (measured
/// 0.0001–0.9 baselines; the 250,000-key file is the dearest); the exponential
/// or quadratic blow-ups these documents are built for cost thousands of times it.
@Suite struct DocumentLimitsTests {
    /// How many baseline loads a refusal may cost at most.
    static let maximumRatio = 4.0

    /// Loads a file and returns the error and the file's path.
    func loadError(_ text: String) throws -> (ScenarioError?, String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return (loadError(path: url.path), url.path)
    }

    func loadError(path: String) -> ScenarioError? {
        do { _ = try ScenarioLoader.load(nameOrPath: path) } catch { return error }
        return nil
    }

    /// Median seconds of `work` over `runs` runs alternated with as many runs of
    /// the baseline (loading the built-in Yunnan scenario), as a ratio.
    func costInBaselines(runs: Int = 3, _ work: () throws -> Void) throws -> Double {
        let yaml = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var hostile: [Double] = []
        var baseline: [Double] = []
        for _ in 0..<runs {
            baseline.append(try seconds { _ = try ScenarioLoader.load(yaml: yaml, sourceName: "yunnan-2017") })
            hostile.append(try seconds(work))
        }
        return hostile.sorted()[runs / 2] / baseline.sorted()[runs / 2]
    }

    /// Writes `text` to a file once and returns its refusal and its cost in baseline loads.
    func refusal(_ text: String) throws -> (ScenarioError, String, Double) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let e = try #require(loadError(path: url.path))
        let ratio = try costInBaselines { _ = loadError(path: url.path) }
        return (e, url.path, ratio)
    }

    @Test func theBaselineDetectsASlowRefusal() throws {
        // The measure itself can fail: six baseline loads cost about six baselines.
        let yaml = try #require(ScenarioLoader.builtInText("yunnan-2017"))
        let ratio = try costInBaselines {
            for _ in 0..<(Int(Self.maximumRatio) + 2) { _ = try ScenarioLoader.load(yaml: yaml, sourceName: "yunnan-2017") }
        }
        #expect(ratio > Self.maximumRatio, "ratio \(ratio)")
    }

    @Test func billionLaughsAsAMappingKeyIsRefusedCheaply() throws {
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 { lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append("bomb:\n  ? *l9\n  : 1")
        let (e, path, ratio) = try refusal(lines.joined(separator: "\n") + "\n")
        #expect(ratio < Self.maximumRatio, "cost \(ratio) baseline loads")
        #expect(e.file == path && e.line == 1 && e.message.contains("anchors"), "\(e)")
    }

    @Test func anAliasAloneIsRefusedAtItsLine() throws {
        let (error, path) = try loadError("scenario: {id: x, title: y}\nnotes: *nowhere\n")
        let e = try #require(error)
        #expect(e.file == path && e.line == 2 && e.message.contains("aliases"), "\(e)")
    }

    @Test func tenThousandDeepNestingIsRefusedCheaply() throws {
        for text in [String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                     String(repeating: "{k: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
                     // Block style: 100 levels (deeper block nesting is quadratic in indentation bytes, so the size limit takes it).
                     (0..<100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"] {
            let (e, path, ratio) = try refusal(text)
            #expect(ratio < Self.maximumRatio, "cost \(ratio) baseline loads")
            #expect(e.file == path && e.message.contains("nested more than"), "\(e)")
        }
    }

    @Test func aHundredMegabyteFileIsRefusedCheaply() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).yaml")
        let chunk = Data(String(repeating: "# padding padding padding padding padding padding padding padding\n", count: 16_000).utf8)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        while try handle.offset() < 100_000_000 { try handle.write(contentsOf: chunk) }
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        let e = try #require(loadError(path: url.path))
        #expect(e.file == url.path && e.message.contains("limited to"), "\(e)")
        #expect(try costInBaselines { _ = loadError(path: url.path) } < Self.maximumRatio)
        // The same text handed over directly is refused before composing, too.
        let text = String(repeating: "#", count: DocumentLimits.maximumBytes + 1)
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(yaml: text, sourceName: "big.yaml") }
        let ratio = try costInBaselines { _ = try? ScenarioLoader.load(yaml: text, sourceName: "big.yaml") }
        #expect(ratio < Self.maximumRatio, "cost \(ratio) baseline loads")
    }

    @Test func aSecondDocumentIsRefused() throws {
        let (error, _) = try loadError("scenario: {id: x, title: y}\n---\nscenario: {id: z, title: w}\n")
        #expect(error?.message.contains("second YAML document") == true)
    }

    @Test func tooManyValuesAreRefusedCheaply() throws {
        // A flat mapping of more keys than the node limit: refused before composing (which hashes every key).
        let text = "notes:\n" + (0..<(DocumentLimits.maximumNodes / 2 + 1)).map { "  k\($0): 1\n" }.joined()
        let (e, path, ratio) = try refusal(text)
        #expect(ratio < Self.maximumRatio, "cost \(ratio) baseline loads")
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
