import ArgumentParser
import Foundation

/// The options every Monte Carlo command shares (`run`, `compare`, `capitation`):
/// draws, seed, threads, years, parameter uncertainty and progress.
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

    func validate() throws {
        guard draws > 0 else { throw ValidationError("--draws must be at least 1, got \(draws)") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}
