import ArgumentParser
import Scenario

/// `fundsim validate`: loads a scenario and prints a one-screen summary of its
/// tiers, so a user can check a scenario file before running anything with it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Load a scenario and summarise its tiers.",
        discussion: "Exits with status 2 and FILE:LINE: FIELD: what was expected when the scenario is invalid (3 when it is missing)."
    )

    /// A built-in name or a path to a YAML file.
    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    func run() throws {
        let loaded = try ScenarioArgument.load(scenario)
        Diagnostics.output(loaded.summaryLines().map { $0 + "\n" }.joined())
    }
}
