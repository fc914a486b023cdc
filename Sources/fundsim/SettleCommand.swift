import ArgumentParser
import ClaimsFile
import Foundation
import Reporting
import Scenario

/// `fundsim settle`: settles a claims file (POLICY.md section 10) against a
/// scenario's tiers, one-stop-settlement style, and writes each claim with
/// what every tier paid and the out-of-pocket.
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle a claims file against a scenario's tiers.",
        discussion: """
            Reads a CSV claims file (columns person_id, setting, level, in_county, referral_compliant, disease, \
            total_cost, policy_range_cost; optional consultation_fee, year, poverty_status, welfare_category; \
            others carried through) and writes it back with one column per tier and out_of_pocket. \
            A row that breaks the contract stops the run with FILE:LINE: column NAME: what was expected, \
            exit status 2, and no output file (see the README for every exit status).
            """
    )

    /// The claims file.
    @Option(name: .long, help: ArgumentHelp("The claims CSV file.", valueName: "file"))
    var claims: String

    /// The scenario: a built-in name or a path to a YAML file.
    @Option(name: .long, help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "name|path"))
    var scenario: String = ScenarioLoader.defaultName

    /// Where to write the settled CSV; standard output when absent.
    @Option(name: .long, help: ArgumentHelp("Write the settled CSV to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    /// Print the tier-by-tier arithmetic of every claim.
    @Flag(name: .long, help: "Print each claim's tier-by-tier arithmetic to standard output (instead of the CSV when there is no --out).")
    var explain = false

    func run() throws {
        let loaded = try ScenarioArgument.load(scenario)
        try Diagnostics.requireReadableFile(claims, "claims file")
        guard let bytes = FileManager.default.contents(atPath: claims) else {
            throw Diagnostics.fail("\(claims): cannot read the claims file", .missingInput)
        }
        let settled: SettledClaims
        do {
            let file = try ClaimsFile(name: claims, bytes: Array(bytes), defaultYear: loaded.years.lowerBound)
            settled = try file.settle(with: loaded.plan, explain: explain)
        } catch {
            throw Diagnostics.fail(error.description)
        }
        if let out {
            do { try AtomicFile.write(Data(settled.csvBytes()), to: URL(fileURLWithPath: out)) } catch {
                throw Diagnostics.fail("\(out): \(error)", .cannotWrite)
            }
        }
        if explain {
            Diagnostics.output(settled.explanation())
        } else if out == nil {
            Diagnostics.output(settled.csv())
        }
    }
}
