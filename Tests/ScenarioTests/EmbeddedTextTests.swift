import Foundation
import Testing
@testable import Scenario

/// The embedded scenarios must be the files' exact bytes, or a run of a
/// built-in would not be reproducible from the file it claims to be.
@Suite struct EmbeddedTextTests {
    @Test(arguments: ScenarioLoader.builtInNames)
    func embeddedTextIsByteIdenticalToTheFile(name: String) throws {
        let file = try Data(contentsOf: PackagePaths.scenarioFile(name))
        let embedded = try #require(ScenarioLoader.builtInText(name))
        #expect(Data(embedded.utf8) == file,
                "Sources/Scenario/BuiltIn differs from Scenarios/\(name).yaml; regenerate it with `sh Scenarios/embed.sh` from the package root")
    }

    @Test func everyScenarioFileIsEmbedded() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.root.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names == ScenarioLoader.builtInNames.sorted(),
                "every Scenarios/*.yaml must be embedded: run `sh Scenarios/embed.sh` and list it in BuiltInScenarios.all")
    }

    @Test func theDefaultIsYunnan2017AndListedFirst() {
        #expect(ScenarioLoader.defaultName == "yunnan-2017")
        #expect(ScenarioLoader.builtInNames.first == "yunnan-2017")
    }
}
