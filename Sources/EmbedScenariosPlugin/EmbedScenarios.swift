import Foundation
import PackagePlugin

/// Embeds every scenario the package ships, `Scenarios/*.yaml`, in the target it is applied to
/// (`Scenario`): one generated Swift file that defines `BuiltInScenarios.files`, the name and the
/// exact text of each file, in name order.
///
/// The scenario files and their folder are the command's declared inputs: editing a file
/// re-embeds it on the next build, and adding one changes the folder, so the command re-runs
/// and the generator lists the folder again. SwiftPM re-invokes this plugin (and so re-declares
/// the inputs) only when the package's structure changes: after a file is deleted or renamed the
/// build names it as a missing input until `touch Package.swift`. `Scenarios/` is outside the
/// target's folder, so the files are found from the package's directory.
@main
struct EmbedScenarios: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Scenarios", isDirectory: true)
        let scenarios = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedScenarios.swift")
        return [
            .buildCommand(
                displayName: "Embedding the built-in scenarios in \(target.name)",
                executable: try context.tool(named: "EmbedScenariosTool").url,
                arguments: [output.path, folder.path],
                // The folder too: a file added to or removed from it changes the folder's
                // modification time, so the command re-runs and lists the folder again.
                inputFiles: [folder] + scenarios,
                outputFiles: [output]
            ),
        ]
    }
}
