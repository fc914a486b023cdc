import ArgumentParser
import Forecast
import Foundation
import Reporting
import Scenario
import Simulation

/// `fundsim capitation`: the break-even per-capita rate of the scenario's
/// per-capita packaged-payment pilots (POLICY.md section 6). Simulates only the
/// counties that host the selected pilots (random streams are keyed by county,
/// so their draws are exactly those of `fundsim run`), then searches the rate
/// at which the hospital's probability of deficit equals the target risk on
/// those same draws (common random numbers).
struct CapitationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capitation",
        abstract: "Break-even per-capita rates of the scenario's capitation pilots (按人头打包付费).",
        discussion: """
        Prints, per pilot and year: covered people, the pooled rate and the probability of deficit at it, and the \
        break-even rate at which P(deficit) = --target-risk, with its Monte Carlo standard error (order-statistic \
        bounds) and the number of draws in the tail. Only the pilots' counties are simulated; the figures equal \
        those of capitation.csv from `fundsim run` with the same seed and draws. --counties keeps the pilots of those counties.
        """
    )

    /// A built-in name or a path to a YAML file.
    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    @OptionGroup var options: MonteCarloOptions

    @Option(parsing: .unconditional, help: "Target probability of deficit, in (0, 1).")
    var targetRisk: Double = 0.05

    @Option(help: "Only this pilot (its id); default: every pilot.")
    var pilot: String?

    func validate() throws {
        guard targetRisk > 0 && targetRisk < 1 else { throw ValidationError("--target-risk must lie in (0, 1), got \(targetRisk)") }
    }

    func run() throws {
        let started = Date()
        let (loaded, simulation) = try ForecastSetup.load(scenario, set: options.set)
        var pilots = loaded.capitation
        guard !pilots.isEmpty else {
            throw Diagnostics.fail("\(loaded.sourceName): scenario '\(loaded.id)' has no capitation pilots (see Scenarios/FORMAT.md, `capitation:`)")
        }
        if let pilot {
            pilots = pilots.filter { $0.id == pilot }
            guard !pilots.isEmpty else {
                throw Diagnostics.fail("no pilot '\(pilot)' in \(loaded.sourceName); its pilots are \(loaded.capitation.map(\.id).joined(separator: ", "))", .usage)
            }
        }
        if let selection = try options.countySelection(simulation.model.population, scenario: loaded.sourceName) {
            pilots = pilots.filter { selection.contains($0.county) }
            guard !pilots.isEmpty else {
                throw Diagnostics.fail("no pilot in --counties \(options.counties!); the pilots' counties are \(loaded.capitation.map(\.countyID).joined(separator: ", "))", .usage)
            }
        }
        let runYears = try ForecastSetup.years(options.years, horizon: loaded.years)
        let setup = try ForecastSetup(scenario: loaded, simulation: simulation, years: runYears, seed: options.seed, draws: options.draws,
                                      threads: options.threads, parameterUncertainty: !options.noParameterUncertainty, pilots: pilots,
                                      onlyCounties: Set(pilots.map(\.county)))
        let runner = setup.runner
        var store = CapitationDraws(runner: runner)
        let progress = ProgressReporter(total: options.draws, label: "\(loaded.id) capitation draws", quiet: options.quiet)
        try runner.run(progress: { _ in progress.advance() }) { store.add($0) }
        progress.finish()
        Diagnostics.output(Self.report(store, targetRisk: targetRisk))
        if !options.quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("\(options.draws) draws × \(runYears.count) years of \(pilots.count) pilot county(ies), \(String(format: "%.1f", seconds)) s\n".utf8))
        }
    }

    /// The table printed: per year and pilot, the current rate and its risk, the break-even rate and its error.
    static func report(_ store: CapitationDraws, targetRisk: Double) -> String {
        let percent = String(format: "%g", targetRisk * 100)
        var rows: [[String]] = []
        for (y, year) in store.years.enumerated() {
            for (p, pilot) in store.pilots.enumerated() {
                let search = store.search(year: y, pilot: p)
                let current = pilot.rate(year: year)
                let estimate = search.breakEven(targetRisk: targetRisk)
                let covered = search.accounts.reduce(0.0) { $0 + Double($1.coveredPeople) } / Double(max(1, search.accounts.count))
                let violations = search.accounts.reduce(Int64(0)) { $0 + $1.incomeLineViolations }
                rows.append([String(year), pilot.id, pilot.countyID, String(format: "%.0f", covered),
                             String(format: "%.2f", current.yuan), String(format: "%.3f", search.deficitProbability(rate: current.fen)),
                             String(format: "%.2f", estimate.rate), String(format: "%.2f", estimate.standardError),
                             String(estimate.tailDraws), String(violations)])
            }
        }
        return TextTable(header: ["year", "pilot", "county", "covered", "rate (yuan/person)", "P(deficit)",
                                  "break-even at \(percent)%", "MC s.e.", "tail draws", "income-line violations"],
                         rows: rows).render()
    }
}
