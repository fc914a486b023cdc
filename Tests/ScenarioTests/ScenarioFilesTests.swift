import Testing
import Settlement
@testable import Scenario

/// Each scenario file loads, by name and by path, and compiles for every year of its horizon.
@Suite struct ScenarioFilesTests {
    @Test(arguments: ScenarioLoader.builtInNames)
    func builtInLoadsAndCompilesForEveryYear(name: String) throws {
        let scenario = try ScenarioLoader.load(nameOrPath: name)
        #expect(scenario.id == name)
        #expect(scenario.sourceName == "builtin:\(name)")
        // A plain file's resolved text is the file; an overlay's (the variants extend yunnan-2017) is the merged scenario.
        #expect(scenario.files.first?.name == "builtin:\(name)")
        #expect(scenario.files.count > 1 || scenario.sourceText == ScenarioLoader.builtInText(name))
        for year in scenario.years {
            let engine = try SettlementEngine(plan: scenario.plan, year: year)
            #expect(engine.tierCount == scenario.plan.tiers.count)
            #expect(engine.year == year)
        }
        #expect(!scenario.parameters.isEmpty)
        #expect(scenario.parameters.allSatisfy { !$0.source.isEmpty && $0.line > 0 })
        #expect(scenario.summaryLines().count < 40, "the summary must fit one screen")
    }

    @Test(arguments: ScenarioLoader.builtInNames)
    func fileLoadsByPath(name: String) throws {
        let path = PackagePaths.scenarioFile(name).path
        let scenario = try ScenarioLoader.load(nameOrPath: path)
        #expect(scenario.sourceName == path)
        #expect(scenario.plan == (try ScenarioLoader.load(nameOrPath: name)).plan)
    }

    @Test func unknownBuiltInNameListsTheBuiltIns() {
        #expect {
            try ScenarioLoader.load(nameOrPath: "yunan-2017")
        } throws: { error in
            let e = error as! ScenarioError
            return e.message.contains("yunnan-2017") && e.line == 0 && e.description.hasPrefix("yunan-2017: ")
        }
    }

    @Test func missingFileIsReported() {
        #expect {
            try ScenarioLoader.load(nameOrPath: "/nonexistent/x.yaml")
        } throws: { error in
            let e = error as! ScenarioError
            return e.file == "/nonexistent/x.yaml" && e.message.contains("cannot read")
        }
    }
}
