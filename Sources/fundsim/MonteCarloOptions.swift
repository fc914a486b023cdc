import ArgumentParser
import Foundation
import Simulation

/// The options every Monte Carlo command shares (`run`, `compare`, `capitation`, `sweep`):
/// draws, seed, threads, years, parameter uncertainty, the counties simulated and progress.
struct MonteCarloOptions: ParsableArguments {
    // `.unconditional`: `--draws -1` is read as the value -1 (and refused by `validate`), not as a missing value.
    @Option(parsing: .unconditional, help: "Number of Monte Carlo draws.")
    var draws: Int = RunCommand.defaultDraws

    @Option(parsing: .unconditional, help: "Seed of every random stream (shared by both runs of `compare`: common random numbers).")
    var seed: UInt64 = 20_170_927

    @Option(parsing: .unconditional, help: "Worker threads (default: the machine's cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: ArgumentHelp("Years to simulate, e.g. 2017-2020 or 2018 (default: the scenario's horizon).", valueName: "first-last"))
    var years: String?

    @Flag(help: "Use parameters' point values: no parameter uncertainty, only stochastic sampling.")
    var noParameterUncertainty = false

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set a scenario number before loading, e.g. --set tiers.backstop.out_of_pocket_limit.line.by_year.2018=10000 (repeatable; `fundsim params` lists the paths; compare: both scenarios).",
        valueName: "path=value"))
    var set: [String] = []

    @Option(help: ArgumentHelp(
        "Simulate only these counties (ids as in the scenario, e.g. kunming.luquan). Their rows equal the full run's; the tables then have county rows only (no prefecture or province totals).",
        valueName: "id,id…"))
    var counties: String?

    /// The county indices `--counties` selects in `population` (`nil` without the option);
    /// an unknown id is a usage error (exit 64) listing the scenario's county ids.
    func countySelection(_ population: PopulationModel, scenario: String) throws -> Set<Int>? {
        guard let counties else { return nil }
        do { return try CountySelection.indices(of: CountySelection.parse(counties), in: population) } catch {
            throw Diagnostics.fail("--counties \(counties): \(error.message) in \(scenario); its counties are \(error.validIDs.joined(separator: ", "))", .usage)
        }
    }

    func validate() throws {
        guard draws > 0 else { throw ValidationError("--draws must be at least 1, got \(draws)") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}
