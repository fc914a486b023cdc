import ArgumentParser
import Scenario

/// `fundsim scenarios`: lists the built-in scenarios — the names that every
/// command accepts in place of a scenario file.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the built-in scenarios (names accepted wherever a scenario file is).",
        discussion: "Each is a copy of Scenarios/NAME.yaml embedded in the program; the first is the default."
    )

    func run() throws {
        var rows: [[String]] = []
        for name in ScenarioLoader.builtInNames {
            let loaded: Scenario
            do { loaded = try ScenarioLoader.load(nameOrPath: name) } catch {
                throw Diagnostics.fail("built-in scenario \(name) does not load: \(error.description)", .internalError)
            }
            rows.append([name + (name == ScenarioLoader.defaultName ? " (default)" : ""),
                         "\(loaded.years.lowerBound)-\(loaded.years.upperBound)",
                         loaded.simulation == nil ? "no" : "yes", loaded.title])
        }
        Diagnostics.output(TextTable(header: ["name", "years", "simulation", "title"], rows: rows).render())
    }
}
