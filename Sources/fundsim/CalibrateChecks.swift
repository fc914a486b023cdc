import ArgumentParser
import Calibration
import ClaimsFile
import Foundation
import ProjectedPopulation
import Reporting
import Scenario
import Settlement
import Simulation

/// The options of `fundsim calibrate` beyond the fit itself: the rules check, the
/// fit report and the fit to published targets (issue 12 items 3, 4 and 6).
struct CalibrationCheckOptions: ParsableArguments {
    @Flag(name: .long, help: "Check the extract's recorded tier payments against the scenario's rules (alone: only --claims and --scenario).")
    var checkRules = false

    @Option(name: .long, help: ArgumentHelp("Rules check: explain this many of the first differing claims.", valueName: "n"))
    var rulesExamples: Int = 5

    @Option(name: .long, help: ArgumentHelp("Rules check: differences up to this many yuan count as agreement.", valueName: "yuan"))
    var rulesTolerance: Double = 0

    @Flag(name: .long, help: "Do not write the fit report (calibration.csv) after fitting.")
    var noFitReport = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Fit report: simulated draws of the fitted county (posterior predictive).", valueName: "n"))
    var fitDraws: Int = 200

    @Option(name: .long, parsing: .unconditional, help: "Seed of the fit report's and the targets fit's simulations (common random numbers).")
    var seed: UInt64 = 20_170_927

    @Option(name: .long, parsing: .unconditional, help: "Worker threads of the simulations (default: the machine's cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Fit report: parameters at their point values (default: drawn with their fitted uncertainty).")
    var noParameterUncertainty = false

    @Option(name: .long, help: ArgumentHelp("Fit multipliers on utilisation and costs to the published aggregates of this CSV instead of an extract (Scenarios/FORMAT.md).", valueName: "file"))
    var targets: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Targets fit: draws per evaluation.", valueName: "n"))
    var targetDraws: Int = 8

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Targets fit: at most this many evaluations.", valueName: "n"))
    var maxEvaluations: Int = 40

    @Option(name: .long, help: ArgumentHelp("Targets fit: the years the aggregates refer to (default: the scenario's first year).", valueName: "first-last"))
    var years: String?

    func validate() throws {
        guard rulesExamples >= 0 else { throw ValidationError("--rules-examples must be at least 0, got \(rulesExamples)") }
        guard rulesTolerance >= 0 && rulesTolerance.isFinite else { throw ValidationError("--rules-tolerance must be at least 0, got \(rulesTolerance)") }
        guard fitDraws >= 2 else { throw ValidationError("--fit-draws must be at least 2, got \(fitDraws)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard targetDraws >= 2 else { throw ValidationError("--target-draws must be at least 2, got \(targetDraws)") }
        guard maxEvaluations >= 4 else { throw ValidationError("--max-evaluations must be at least 4, got \(maxEvaluations)") }
    }
}

extension CalibrateCommand {
    /// Which of calibrate's jobs the options ask for; checks that the options fit it.
    enum Mode { case fit, rulesCheckOnly, targets }

    func mode() throws -> Mode {
        if checks.targets != nil {
            guard claims == nil && roster == nil else { throw ValidationError("--targets fits without microdata: give it no --claims or --roster") }
            guard out != nil else { throw ValidationError("--targets needs --out OVERLAY.yaml") }
            guard !checks.checkRules else { throw ValidationError("--check-rules needs --claims, not --targets") }
            return .targets
        }
        if checks.checkRules && roster == nil && out == nil && county == nil {
            guard claims != nil else { throw ValidationError("--check-rules needs --claims FILE") }
            return .rulesCheckOnly
        }
        var missing: [String] = []
        if claims == nil { missing.append("--claims") }
        if roster == nil { missing.append("--roster") }
        if county == nil { missing.append("--county") }
        if out == nil { missing.append("--out") }
        guard missing.isEmpty else {
            throw ValidationError("missing \(missing.joined(separator: ", ")); calibrate needs --claims, --roster, --county and --out "
                                  + "(or --check-rules --claims FILE alone, or --targets FILE --out FILE)")
        }
        return .fit
    }

    /// `--check-rules`: settles the extract with the scenario's rules and prints the differences to standard output.
    func runRulesCheck(_ loaded: Scenario, claims path: String) throws {
        try Diagnostics.requireReadableFile(path, "claims extract")
        let settler: ClaimsFileSettler
        do { settler = try ClaimsFileSettler(plan: loaded.plan, years: loaded.years) } catch {
            throw Diagnostics.fail("\(loaded.sourceName): \(error)")
        }
        let check: RulesCheck
        do {
            check = try RulesCheck(name: path, settlement: ExtractSettlement(settler: settler), open: {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw ClaimsIOError(file: path, operation: "read", code: errno) }
                return ClosingSource(fd: fd, name: path)
            }, exampleCount: checks.rulesExamples, tolerance: Int64((checks.rulesTolerance * 100).rounded()))
        } catch let error as ClaimsIOError {
            throw Diagnostics.fail("\(error)", .missingInput)
        } catch {
            throw Diagnostics.fail("\(error)", .badInput)
        }
        print(check.text, terminator: "")
    }

    /// The fit report: simulates the fitted county (the overlay just written) `--fit-draws` times over the
    /// extract's years and writes `calibration.csv` (and the summary, `calibration.txt`) beside the overlay.
    func writeFitReport(overlay: URL, extract: CalibrationExtract, countyID: String) throws {
        let fitted = try ScenarioArgument.load(overlay.path)
        guard let simulation = fitted.simulation,
              let county = simulation.model.population.counties.firstIndex(where: { $0.region.id == countyID }),
              let span = extract.years else { return }
        let years = Array(span)
        guard years.allSatisfy({ fitted.years.contains($0) }) else {
            throw Diagnostics.fail("fit report: the extract's years \(span) are not all in the scenario's horizon \(fitted.years)")
        }
        let model = simulation.model
        let population: (any PopulationProjection)?
        do {
            population = model.cohort == nil ? nil : try CohortPopulation(model: model, years: years, baseYear: fitted.years.lowerBound)
        } catch { throw Diagnostics.fail("\(fitted.sourceName): cohort: \(error)") }
        let tierIDs = fitted.plan.tiers.map(\.id)
        var engines: [Int: SettlementEngine] = [:]
        do { for year in years { engines[year] = try SettlementEngine(plan: fitted.plan, year: year) } } catch {
            throw Diagnostics.fail("\(fitted.sourceName): \(error)")
        }
        let observed: PersonYearAmounts
        do { observed = try PersonYearAmounts.observed(extract, tierIDs: tierIDs, engine: { engines[$0] }) } catch {
            throw Diagnostics.fail("\(error)")
        }
        let run = CountyPersonYears(model: model, county: county, years: years, engines: years.map { engines[$0]! },
                                    tierIDs: tierIDs, perPersonIDs: fitted.fiscal.perPersonPayments.map(\.id), seed: checks.seed,
                                    parameterUncertainty: !checks.noParameterUncertainty, population: population)
        let progress = ProgressReporter(total: checks.fitDraws, label: "calibrate \(countyID): fit report", quiet: quiet)
        let simulated = try run.statistics(draws: checks.fitDraws, threads: checks.threads) { _ in progress.advance() }
        progress.finish()
        let report = FitReport(tierIDs: tierIDs, observed: FitStatistics.compute(observed), simulated: simulated)
        let folder = overlay.deletingLastPathComponent()
        let header = "fit report of \(overlay.lastPathComponent) (county \(countyID), years \(span.lowerBound)-\(span.upperBound), "
            + "seed \(checks.seed), parameter uncertainty \(checks.noParameterUncertainty ? "off" : "on")): "
        do {
            try AtomicFile.write(report.csv, to: folder.appendingPathComponent("calibration.csv"))
            try AtomicFile.write(header + report.summary, to: folder.appendingPathComponent("calibration.txt"))
        } catch { throw Diagnostics.fail("\(folder.path): cannot write the fit report: \(error)", .cannotWrite) }
        print(header + report.summary, terminator: "")
    }

    /// `--targets`: fits the multipliers, writes the overlay and `targets-fit.csv` beside it, prints the summary.
    func runTargets(_ loaded: Scenario, targets path: String, out: String) throws {
        try Diagnostics.requireReadableFile(path, "targets file")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostics.fail("\(path): cannot read the targets file", .missingInput)
        }
        let targets: [CalibrationTarget]
        do { targets = try TargetsFile.parse(String(decoding: data, as: UTF8.self), name: path, tierIDs: loaded.plan.tiers.map(\.id)) } catch {
            throw Diagnostics.fail("\(error)", .badInput)
        }
        let outURL = URL(fileURLWithPath: out)
        try Self.checkOverlayDestination(out)
        var options = TargetFit.Options(years: try ForecastSetup.years(checks.years, horizon: loaded.years.lowerBound...loaded.years.upperBound))
        if checks.years == nil { options.years = [loaded.years.lowerBound] }
        options.seed = checks.seed
        options.draws = checks.targetDraws
        options.threads = checks.threads
        options.county = county
        options.maxEvaluations = checks.maxEvaluations
        let name = scenario
        let fit: TargetFit
        do {
            fit = try TargetFit(targets: targets, options: options) { extra in try ScenarioArgument.load(name, overrides: extra) }
        } catch let code as ExitCode { throw code } catch {
            throw Diagnostics.fail("\(error)", .badInput)
        }
        let text = fit.overlay(extends: extendsReference(outURL: outURL), baseID: loaded.id, baseTitle: loaded.title,
                               targetsName: URL(fileURLWithPath: path).lastPathComponent, targetsSHA256: SHA256.hex(Array(data)))
        let temporary = outURL.deletingLastPathComponent().appendingPathComponent(".\(outURL.lastPathComponent).calibrate-\(getpid()).yaml")
        do { try text.write(to: temporary, atomically: false, encoding: .utf8) } catch {
            throw Diagnostics.fail("\(out): cannot write the overlay: \(error)", .cannotWrite)
        }
        do { _ = try ScenarioLoader.load(nameOrPath: temporary.path) } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostics.fail("internal error: the fitted overlay does not load (\(error)); nothing written", .internalError)
        }
        do {
            try AtomicFile.write(fit.csv, to: outURL.deletingLastPathComponent().appendingPathComponent("targets-fit.csv"))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostics.fail("\(out): cannot write targets-fit.csv beside it: \(error)", .cannotWrite)
        }
        guard rename(temporary.path, outURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostics.fail("\(out): cannot write the overlay: \(reason)", .cannotWrite)
        }
        print(fit.summary, terminator: "")
    }

    /// Refuses an overlay destination that is a folder or whose folder does not exist.
    static func checkOverlayDestination(_ out: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Diagnostics.fail("\(out): is a folder; expected a file name for the overlay", .cannotWrite)
        }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostics.fail("\(out): the folder \(folder) does not exist", .cannotWrite)
        }
    }
}

/// A file descriptor read as a claims source, closed when released.
private final class ClosingSource: ByteSource {
    let source: FileDescriptorSource
    init(fd: Int32, name: String) { source = FileDescriptorSource(fileDescriptor: fd, name: name) }
    deinit { close(source.fileDescriptor) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try source.read(into: buffer) }
}
