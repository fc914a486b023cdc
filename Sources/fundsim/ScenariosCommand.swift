import ArgumentParser
import Foundation
import Reporting
import Scenario

/// `fundsim scenarios`: the built-in scenarios, and `export` to write one out
/// as a starting point for an edited copy or an overlay.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the built-in scenarios, or export one to a file.",
        subcommands: [List.self, Export.self],
        defaultSubcommand: List.self
    )

    /// `fundsim scenarios [list]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the built-in scenarios: name, years, what each extends, title.")

        func run() throws {
            var rows: [[String]] = []
            for name in ScenarioLoader.builtInNames {
                let scenario: Scenario
                do { scenario = try ScenarioLoader.load(nameOrPath: name) } catch { throw Diagnostics.fail(error.description, .internalError) }
                let base = scenario.files.dropFirst().first.map { $0.name.replacingOccurrences(of: "builtin:", with: "") } ?? ""
                rows.append([name, "\(scenario.years.lowerBound)-\(scenario.years.upperBound)", base,
                             scenario.simulation == nil ? "no" : "yes", scenario.title])
            }
            Diagnostics.output(TextTable(header: ["name", "years", "extends", "simulation", "title"], rows: rows).render())
        }
    }

    /// `fundsim scenarios export NAME FILE`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a built-in scenario to a file (`-`: standard output).",
            discussion: "Writes the file as shipped (an overlay keeps its extends:); --resolved writes the scenario with its base and overrides applied, a file that stands alone.")

        @Argument(help: "A built-in scenario name (see `fundsim scenarios`).")
        var name: String

        @Argument(help: "The file to write, or - for standard output.")
        var file: String

        @Flag(help: "Write the resolved scenario (base merged in) instead of the file as shipped.")
        var resolved = false

        @Flag(help: "Replace FILE if it exists.")
        var force = false

        func run() throws {
            guard let shipped = ScenarioLoader.builtInText(name) else {
                throw Diagnostics.fail("\(name): no built-in scenario of this name; expected one of \(ScenarioLoader.builtInNames.joined(separator: ", "))", .missingInput)
            }
            var text = shipped
            if resolved {
                do { text = try ScenarioLoader.load(nameOrPath: name).resolvedText } catch { throw Diagnostics.fail(error.description, .internalError) }
            }
            if file == "-" {
                Diagnostics.output(text)
                return
            }
            guard force || !FileManager.default.fileExists(atPath: file) else {
                throw Diagnostics.fail("\(file): exists; give --force to replace it", .cannotWrite)
            }
            do { try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: file)) } catch {
                throw Diagnostics.fail("\(file): cannot write: \(error)", .cannotWrite)
            }
        }
    }
}
