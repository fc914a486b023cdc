import ArgumentParser

/// The `fundsim` command: forecasts and checks the money flows of China's
/// health-poverty-alleviation policy (健康扶贫). Each subcommand is its own type
/// in its own file.
@main
struct Fundsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundsim",
        abstract: "Forecast the money flows of China's health-poverty-alleviation policy (健康扶贫).",
        subcommands: [RunCommand.self, MergeCommand.self, SlurmScriptCommand.self, CompareCommand.self, SweepCommand.self, CapitationCommand.self, SettleCommand.self, ValidateCommand.self, ParamsCommand.self,
                      ScenariosCommand.self, DiseasesCommand.self]
    )
}
