import ArgumentParser
import Forecast
import Foundation
import Reporting
import Scenario
import Simulation

/// `fundsim compare A B`: both scenarios with common random numbers, and per
/// item the difference B − A with its uncertainty — "what does the
/// prefecture's 2:8 rule cost the counties" in one command.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run two scenarios with common random numbers and write the differences B − A.",
        discussion: """
        Writes comparison.csv (per year, region and item both scenarios have: A mean, B mean, and the per-draw \
        difference's mean, sd, p05, p50, p95), the resolved scenarios scenario-a.yaml and scenario-b.yaml, manifest.json \
        and datapackage.json into Output/compare-<A>-<B>/ or --out. --set applies to both scenarios, --set-a and --set-b to one. Years: \
        those both horizons share (or --years). A scenario compared with itself gives exactly zero differences. \
        With --counties (ids both scenarios have), only those counties run and comparison.csv has their rows only.
        """
    )

    @Argument(help: "Scenario A (built-in name or .yaml path).")
    var a: String

    @Argument(help: "Scenario B (built-in name or .yaml path).")
    var b: String

    @OptionGroup var options: MonteCarloOptions

    @Option(help: "Output folder (default: Output/compare-<A>-<B>).")
    var out: String?

    @Option(name: .customLong("set-a"), help: ArgumentHelp("Like --set, for scenario A only (after the --set assignments).", valueName: "path=value"))
    var setA: [String] = []

    @Option(name: .customLong("set-b"), help: ArgumentHelp("Like --set, for scenario B only (after the --set assignments): `compare yunnan-2017 yunnan-2017 --set-b PATH=V` prices one reform.", valueName: "path=value"))
    var setB: [String] = []

    func run() throws {
        let started = Date()
        let (scenarioA, simulationA) = try ForecastSetup.load(a, set: options.set + setA)
        let (scenarioB, simulationB) = try ForecastSetup.load(b, set: options.set + setB)
        let lower = max(scenarioA.years.lowerBound, scenarioB.years.lowerBound)
        let upper = min(scenarioA.years.upperBound, scenarioB.years.upperBound)
        guard lower <= upper else {
            throw Diagnostics.fail("the horizons \(scenarioA.years) and \(scenarioB.years) share no year", .usage)
        }
        let shared = try ForecastSetup.years(options.years, horizon: lower...upper)
        let selectionA = try options.countySelection(simulationA.model.population, scenario: scenarioA.sourceName)
        let selectionB = try options.countySelection(simulationB.model.population, scenario: scenarioB.sourceName)
        let folder = out ?? "Output/compare-\(scenarioA.id)-\(scenarioB.id)"
        var output: OutputDirectory? = try OutputDirectory.open(folder, quiet: options.quiet)
        let replaced = output?.replacing != nil
        let setupA = try ForecastSetup(scenario: scenarioA, simulation: simulationA, years: shared, seed: options.seed, draws: options.draws,
                                       threads: options.threads, parameterUncertainty: !options.noParameterUncertainty,
                                       onlyCounties: selectionA)
        let setupB = try ForecastSetup(scenario: scenarioB, simulation: simulationB, years: shared, seed: options.seed, draws: options.draws,
                                       threads: options.threads, parameterUncertainty: !options.noParameterUncertainty,
                                       onlyCounties: selectionB)
        let sharesSampling = simulationA.model.samplesLike(simulationB.model) && simulationA.provinceID == simulationB.provinceID
            && simulationA.provinceName == simulationB.provinceName
        var manifest = Manifest(
            scenarioName: "\(scenarioA.id) vs \(scenarioB.id)", scenarioPath: "\(scenarioA.sourceName) | \(scenarioB.sourceName)",
            scenarioSHA256: "\(setupA.scenarioHash) \(setupB.scenarioHash)", seed: options.seed, draws: options.draws, threads: options.threads,
            years: shared, startTime: started, wallTimeSeconds: 0,
            commandLine: CommandLine.arguments, extras: ["parameter_uncertainty": String(!options.noParameterUncertainty),
                                                         "simulation_passes": sharesSampling ? "1" : "2"])
        if let selectionA { manifest.extras["counties"] = CountySelection.text(selectionA, in: simulationA.model.population) }
        manifest.scenarioFiles = ForecastSetup.files(scenarioA) + ForecastSetup.files(scenarioB)
        manifest.overrides = ForecastSetup.overrides(scenarioA).map { "A: \($0)" } + ForecastSetup.overrides(scenarioB).map { "B: \($0)" }
        let progress = ProgressReporter(total: options.draws, label: "compare draws", quiet: options.quiet)
        let changed: Int
        do {
            // Sample once, settle twice when both sides simulate the same people and claims.
            let job: ComparisonJob
            if sharesSampling {
                let variants = [(scenarioA, simulationA), (scenarioB, simulationB)].map {
                    SettlementVariant(plan: $0.0.plan, fiscal: $0.0.fiscal, catastrophicShare: $0.1.catastrophicShare)
                }
                let shared = try MonteCarloRunner(variants: variants, model: simulationA.model, configuration: setupA.runner.configuration,
                                                  population: setupA.runner.population)
                job = ComparisonJob(shared: shared, regions: setupA.regions)
            } else {
                job = ComparisonJob(a: setupA.runner, regionsA: setupA.regions, b: setupB.runner, regionsB: setupB.regions)
            }
            changed = try job.run(into: output.take()!, manifest: manifest,
                                  files: ["scenario-a.yaml": scenarioA.resolvedText, "scenario-b.yaml": scenarioB.resolvedText]) { _ in progress.advance() }
        } catch {
            progress.finish()
            throw Diagnostics.fail(writing: folder, error)
        }
        progress.finish()
        if !options.quiet {
            FileHandle.standardError.write(Data("wrote \(folder)/ (\(options.draws) draws, \(changed) items differ\(replaced ? "; replaced the earlier output" : ""))\n".utf8))
        }
    }
}
