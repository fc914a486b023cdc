import ArgumentParser
import Calibration
import Foundation
import Reporting
import Scenario

/// `fundsim calibrate`: fits one county's simulation parameters to its own
/// claims extract and roster and writes them as an overlay of the base
/// scenario (Scenarios/FORMAT.md, "Calibrating a county").
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a county's model to its claims extract and roster; write an overlay.",
        discussion: """
            Reads the claims extract (the claims-file columns plus age, sex and year; optional household_id and \
            recorded tier payments) and the roster (person_id, age, sex, poverty_status, year; optional household_id), \
            estimates the county's utilisation, costs, condition rates and population with their sampling uncertainty, \
            and writes an overlay that extends the base scenario and sets only that county's parameters, each citing \
            `fitted from FILE (sha256 …, n = …)`. A malformed row stops with FILE:LINE: column NAME: what was expected, \
            exit status 2, and no overlay (it is written to a temporary name and renamed at the end). \
            Then the rules check (when the extract records tier payments) and the fit report: calibration.csv beside \
            the overlay. `--check-rules --claims FILE` alone only checks the recorded payments; `--targets FILE --out \
            OVERLAY` fits multipliers to published aggregates instead (README, "Checking a calibration").
            """
    )

    @Option(name: .long, help: ArgumentHelp("The county's claims extract (CSV).", valueName: "file"))
    var claims: String?

    @Option(name: .long, help: ArgumentHelp("The county's roster of enrolled person-years (CSV): the denominator.", valueName: "file"))
    var roster: String?

    @Option(name: .long, help: ArgumentHelp("The county id in the base scenario (fundsim params --grep registered_poor lists them).", valueName: "id"))
    var county: String?

    @Option(name: .long, help: ArgumentHelp("The base scenario: a built-in name or a path to a scenario .yaml file.", valueName: "name|path"))
    var scenario: String = ScenarioLoader.defaultName

    @Option(name: .long, help: ArgumentHelp("Where to write the overlay (.yaml), atomically.", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Fewer observations than this in a category: the base value with a pooled adjustment.", valueName: "n"))
    var minObservations: Int = CalibrationSettings().minimumObservations

    @Option(name: .long, help: ArgumentHelp("Significance level of the Anderson–Darling test of the log-normal cost family.", valueName: "p"))
    var tailTestLevel: Double = CalibrationSettings().tailTestLevel

    @Flag(name: .long, help: "No progress on standard error.")
    var quiet = false

    /// The rules check, the fit report and the fit to published targets (CalibrateChecks.swift).
    @OptionGroup var checks: CalibrationCheckOptions

    func validate() throws {
        guard minObservations >= 1 else { throw ValidationError("--min-observations must be at least 1, got \(minObservations)") }
        guard tailTestLevel > 0 && tailTestLevel < 1 else { throw ValidationError("--tail-test-level must be between 0 and 1, got \(tailTestLevel)") }
        _ = try mode()
    }

    func run() throws {
        let loaded = try ScenarioArgument.load(scenario)
        switch try mode() {
        case .targets: return try runTargets(loaded, targets: checks.targets!, out: out!)
        case .rulesCheckOnly: return try runRulesCheck(loaded, claims: claims!)
        case .fit: break
        }
        let claims = self.claims!, roster = self.roster!, county = self.county!, out = self.out!
        let base: BaseModel
        do { base = try BaseModel(scenario: loaded, countyID: county) } catch {
            throw Diagnostics.fail("\(loaded.sourceName): \(error)", .badInput)
        }
        for (path, what) in [(claims, "claims extract"), (roster, "roster")] { try Diagnostics.requireReadableFile(path, what) }
        let outURL = URL(fileURLWithPath: out)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Diagnostics.fail("\(out): is a folder; expected a file name for the overlay", .cannotWrite)
        }
        let folder = outURL.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostics.fail("\(out): the folder \(folder) does not exist", .cannotWrite)
        }

        let size = { (path: String) in ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0 }
        let progress = ProgressReporter(total: max(1, size(claims) + size(roster)), label: "calibrate \(county): reading", quiet: quiet)
        var reported = 0
        let options = ExtractReadOptions(years: loaded.years, tierIDs: loaded.plan.tiers.map(\.id))
        let extract: CalibrationExtract
        do {
            extract = try CalibrationExtract.read(claimsPath: claims, rosterPath: roster, options: options) { bytes in
                progress.advance(by: max(0, bytes - reported))
                reported = max(reported, bytes)
            }
        } catch {
            progress.finish()
            throw Diagnostics.fail("\(error)", error.isUnreadable ? .missingInput : .badInput)
        }
        progress.finish()
        let settings = CalibrationSettings(minimumObservations: minObservations, tailTestLevel: tailTestLevel)
        let result: CalibrationResult
        do { result = try CountyCalibration.fit(extract, base: base, settings: settings) } catch {
            throw Diagnostics.fail("\(error)", .badInput)
        }
        let writer = OverlayWriter(result: result, extends: extendsReference(outURL: outURL), baseTitle: loaded.title,
                                   baseHasCountyOverrides: !base.model.countyOverrides.isEmpty || !base.model.population.countyStructures.isEmpty, baseHasCohort: base.model.cohort != nil,
                                   programVersion: ProgramVersion.current)
        // Written beside its target (so that `extends:` resolves alike), checked to load, then renamed over the
        // target: an error anywhere leaves no overlay and any earlier file untouched.
        let temporary = outURL.deletingLastPathComponent().appendingPathComponent(".\(outURL.lastPathComponent).calibrate-\(getpid()).yaml")
        // Registered for removal on SIGINT/SIGTERM/SIGHUP while it exists (CleanupOnSignal).
        let token: CleanupOnSignal.Token
        do { token = try CleanupOnSignal.track(temporary.path) { try writer.write(to: temporary) } } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostics.fail("\(out): cannot write the overlay: \(error)", .cannotWrite)
        }
        do { _ = try ScenarioLoader.load(nameOrPath: temporary.path) } catch {
            CleanupOnSignal.remove(token)
            throw Diagnostics.fail("internal error: the fitted overlay does not load (\(error)); nothing written", .internalError)
        }
        do {
            try CleanupOnSignal.commit(token) {
                guard rename(temporary.path, outURL.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))]) }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostics.fail("\(out): cannot write the overlay: \(error.localizedDescription)", .cannotWrite)
        }
        if !quiet {
            let fitted = result.allQuantities
            let fellBack = fitted.filter { $0.fellBack.contains(true) }.count
            FileHandle.standardError.write(Data("""
                calibrate \(county): \(extract.claims.count) claims, \(extract.personYears.count) person-years → \(fitted.count) quantities \
                (\(fellBack) with fallback entries), \(result.unmapped.reduce(0) { $0 + $1.claims }) claims unmapped; wrote \(out)

                """.utf8))
        }
        // Issue 12 items 3 and 4: the rules check when the extract records payments, then the fit report.
        if checks.checkRules || !extract.recordedTierIDs.isEmpty { try runRulesCheck(loaded, claims: claims) }
        if !checks.noFitReport { try writeFitReport(overlay: outURL, extract: extract, countyID: county) }
    }

    /// What the overlay's `extends:` says: the built-in name, or the base file's path relative to the overlay's folder.
    func extendsReference(outURL: URL) -> String {
        let isPath = scenario.contains("/") || scenario.hasSuffix(".yaml") || scenario.hasSuffix(".yml")
            || ScenarioLoader.builtInText(scenario) == nil
        guard isPath else { return scenario }
        let from = outURL.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let to = URL(fileURLWithPath: scenario).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        let relative = parts.joined(separator: "/")
        return relative.contains("/") ? relative : "./" + relative
    }
}
