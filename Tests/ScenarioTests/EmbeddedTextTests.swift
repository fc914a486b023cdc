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
                "the embedded copy differs from Scenarios/\(name).yaml: the EmbedScenarios build plugin did not re-embed it")
    }

    @Test func everyScenarioFileIsEmbedded() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.root.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names == ScenarioLoader.builtInNames.sorted(),
                "the built-ins must be exactly the Scenarios/*.yaml files (the EmbedScenarios build plugin embeds each)")
    }

    @Test func theDefaultIsYunnan2017AndListedFirst() {
        #expect(ScenarioLoader.defaultName == "yunnan-2017")
        #expect(ScenarioLoader.builtInNames.first == "yunnan-2017")
    }
}
