import Foundation
import Scenario

/// Loads the scenario a user named on the command line, with the exit status
/// of each kind of failure: a missing file, a folder, an unknown built-in name
/// → ``ExitStatus/missingInput``; a file that does not load → ``ExitStatus/badInput``.
enum ScenarioArgument {
    /// Loads a built-in scenario by name or a scenario file by path (see ``ScenarioLoader/load(nameOrPath:)``);
    /// a bare word that is not a built-in name but names a file or folder is taken as a path. `overrides` are `--set` assignments.
    static func load(_ nameOrPath: String, overrides: [ParameterOverride] = []) throws -> Scenario {
        var argument = nameOrPath
        var isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if !isPath && ScenarioLoader.builtInText(nameOrPath) == nil && FileManager.default.fileExists(atPath: nameOrPath) {
            argument = "./" + nameOrPath
            isPath = true
        }
        if isPath { try Diagnostics.requireReadableFile(nameOrPath, "scenario file") }
        do {
            return try ScenarioLoader.load(nameOrPath: argument, overrides: overrides)
        } catch {
            // A name that no built-in scenario has is missing input; anything else (e.g. an override) is bad input.
            throw Diagnostics.fail(error.description, isPath || ScenarioLoader.builtInText(nameOrPath) != nil ? .badInput : .missingInput)
        }
    }
}
