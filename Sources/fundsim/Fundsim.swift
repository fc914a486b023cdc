import ArgumentParser
import Cohort
import Foundation
import Reporting

/// The `fundsim` command: forecasts and checks the money flows of China's
/// health-poverty-alleviation policy (健康扶贫). Each subcommand is its own type
/// in its own file; every one exits with the statuses of ``ExitStatus``.
@main
struct Fundsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundsim",
        abstract: "Forecast the money flows of China's health-poverty-alleviation policy (健康扶贫).",
        discussion: """
        Exit status: 0 success, 1 internal error, 2 bad input data, 3 missing input, 4 cannot write output, 64 usage.
        """,
        version: ProgramVersion.current,
        subcommands: [RunCommand.self, MergeCommand.self, SlurmScriptCommand.self, CompareCommand.self, SweepCommand.self, CapitationCommand.self, SettleCommand.self, CalibrateCommand.self, ValidateCommand.self, ParamsCommand.self,
                      ScenariosCommand.self, DiseasesCommand.self]
    )

    /// ArgumentParser's entry point, after refusing `fundsim help NAME` for a NAME that is no subcommand
    /// (ArgumentParser would print the general help and exit 0).
    static func main() {
        // OpenBLAS's pool, started when the library loaded, would spin ~0.1 s of a core; it restarts when used.
        BLASThreads.stopWorkers()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help" {
            var subcommands = configuration(of: Fundsim.self).subcommands
            var path = ["fundsim"]
            for name in arguments.dropFirst() where !name.hasPrefix("-") {
                let names = subcommands.map { configuration(of: $0).commandName ?? "" }
                guard let index = names.firstIndex(of: name) else {
                    let known = names.joined(separator: ", ")
                    FileHandle.standardError.write(Data("error: '\(path.joined(separator: " "))' has no subcommand '\(name)'; "
                        .appending(known.isEmpty ? "it has none\n" : "its subcommands are \(known)\n").utf8))
                    Foundation.exit(ExitStatus.usage.rawValue)
                }
                subcommands = configuration(of: subcommands[index]).subcommands
                path.append(name)
            }
        }
        main(nil)
    }

    /// A command type's configuration (a generic function: reading it through an existential crashes Swift 6.3.1's SILGen).
    private static func configuration<Command: ParsableCommand>(of command: Command.Type) -> CommandConfiguration {
        command.configuration
    }
}
