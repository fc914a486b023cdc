// EmbedScenariosTool OUTPUT.swift SCENARIOS-FOLDER
// Run by the EmbedScenarios build plugin: writes OUTPUT.swift, which defines
// `BuiltInScenarios.files`, the name (file name without `.yaml`) and exact text of every
// `*.yaml` file directly in SCENARIOS-FOLDER (not its subfolders: sweeps/, examples/).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: EmbedScenariosTool OUTPUT.swift SCENARIOS-FOLDER\n".utf8))
    exit(64)
}
do {
    let folder = URL(fileURLWithPath: arguments[1], isDirectory: true)
    let scenarios = try EmbeddedScenario.scenarioFiles(in: folder).map(EmbeddedScenario.init(contentsOf:))
    let source = EmbeddedScenario.swiftSource(scenarios)
    try Data(source.utf8).write(to: URL(fileURLWithPath: arguments[0]), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
