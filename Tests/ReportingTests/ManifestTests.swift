import Foundation
import Testing
@testable import Reporting

@Suite struct ManifestTests {
    private let sample = Manifest(
        scenarioName: "yunnan-2017", scenarioPath: "scenarios/yunnan.yaml",
        scenarioSHA256: SHA256.hex("abc".utf8), seed: 18_446_744_073_709_551_615, draws: 5_000,
        threads: 2, years: [2017, 2018], programVersion: "0.1.0",
        startTime: Date(timeIntervalSince1970: 1_496_304_000), wallTimeSeconds: 12.5,
        commandLine: ["fundsim", "run", "--seed", "7"], extras: ["zeta": "3", "sweep": "ratio=0.9", "alpha": "1"])

    @Test func jsonIsSortedPrettyAndISO8601() throws {
        let text = String(decoding: try sample.jsonData(), as: UTF8.self)
        #expect(text.contains("\"startTime\" : \"2017-06-01T08:00:00Z\""))
        #expect(text.contains("\"scenarioPath\" : \"scenarios/yunnan.yaml\""))
        #expect(text.contains("\"seed\" : 18446744073709551615"))
        #expect(text.hasSuffix("}\n"))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }.map(String.init)
        #expect(keys == keys.sorted())
        #expect(keys.count == 12)
    }

    @Test func roundTrips() throws {
        #expect(try Manifest.decode(try sample.jsonData()) == sample)
    }

    @Test func extrasAreKeySortedAndByteStable() throws {
        let text = String(decoding: try sample.jsonData(), as: UTF8.self)
        let positions = ["\"alpha\"", "\"sweep\"", "\"zeta\""].map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        var rebuilt = sample
        rebuilt.extras = [:]
        for key in ["sweep", "alpha", "zeta"] { rebuilt.extras[key] = sample.extras[key] }
        #expect(try rebuilt.jsonData() == (try sample.jsonData()))
    }

    @Test func writesIntoOutputDirectory() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try OutputDirectory(folder.appendingPathComponent("run"))
        try output.commit(manifest: sample)
        let data = try Data(contentsOf: folder.appendingPathComponent("run/manifest.json"))
        #expect(try Manifest.decode(data) == sample)
    }
}
