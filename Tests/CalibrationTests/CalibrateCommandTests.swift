import Foundation
import Testing
import FundsimTestSupport

/// `fundsim calibrate` as a user runs it: a fitted overlay validates and runs;
/// malformed input stops with file, line, column and expectation, exit 2, and no overlay.
@Suite("fundsim calibrate")
struct CalibrateCommandTests {
    /// Runs the built `fundsim` in `folder`.
    static func fundsim(_ arguments: [String], in folder: URL) throws -> FundsimRunner.Result {
        try FundsimRunner.run(arguments, in: folder)
    }

    /// A small county (Qujiang's single district, one year) written as the two CSV files.
    static func writeInputs(_ folder: TemporaryFolder, people: Int = 1200) {
        let (roster, claims) = SyntheticCounty.csv(SyntheticCounty.extract(people: people, seed: 11, replicate: 0))
        folder.write("roster.csv", roster)
        folder.write("claims.csv", claims)
    }

    static let calibrate = ["calibrate", "--claims", "claims.csv", "--roster", "roster.csv", "--county", "shaoguan.qujiang",
                            "--scenario", "qujiang-2018", "--quiet"]

    @Test func fittedOverlayValidatesAndRuns() throws {
        let folder = TemporaryFolder()
        Self.writeInputs(folder)
        let fitted = try Self.fundsim(Self.calibrate + ["--out", "fitted.yaml"], in: folder.url)
        #expect(fitted.status == 0, "\(fitted.stderr)")
        let text = try String(contentsOf: folder.url.appendingPathComponent("fitted.yaml"), encoding: .utf8)
        #expect(text.contains("extends: \"qujiang-2018\""))
        #expect(text.contains("source: \"fitted from claims.csv (sha256 "))
        let validated = try Self.fundsim(["validate", "fitted.yaml"], in: folder.url)
        #expect(validated.status == 0, "\(validated.stderr)")
        // Only the county's numbers changed: its registered poor, and its override block, all cited.
        let params = try Self.fundsim(["params", "fitted.yaml", "--format", "csv", "--grep", "qujiang"], in: folder.url)
        #expect(params.status == 0)
        #expect(params.stdout.contains("simulation.population.counties.shaoguan.qujiang.registered_poor,1200,"))
        let overrides = params.stdout.split(separator: "\n").filter { $0.contains("county_overrides") && !$0.contains("uncertainty") }
        #expect(overrides.count > 20)
        #expect(overrides.allSatisfy { $0.contains("fitted from claims.csv (sha256") || $0.contains("fitted from") })
        let run = try Self.fundsim(["run", "fitted.yaml", "--draws", "2", "--years", "2018-2018", "--out", "runs", "--quiet"], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("runs/forecast.csv").path))
    }

    @Test func overlayOfAScenarioFileExtendsItsRelativePath() throws {
        let folder = TemporaryFolder()
        Self.writeInputs(folder, people: 300)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        let exported = try Self.fundsim(["scenarios", "export", "qujiang-2018", "base.yaml"], in: folder.url)
        #expect(exported.status == 0, "\(exported.stderr)")
        let fitted = try Self.fundsim(["calibrate", "--claims", "claims.csv", "--roster", "roster.csv", "--county", "shaoguan.qujiang",
                                       "--scenario", "base.yaml", "--quiet", "--out", "out/fitted.yaml"], in: folder.url)
        #expect(fitted.status == 0, "\(fitted.stderr)")
        let text = try String(contentsOf: folder.url.appendingPathComponent("out/fitted.yaml"), encoding: .utf8)
        #expect(text.contains("extends: \"../base.yaml\""))
        #expect(try Self.fundsim(["validate", "out/fitted.yaml"], in: folder.url).status == 0)
    }

    @Test func malformedInputStopsWithItsPlaceAndWritesNothing() throws {
        let folder = TemporaryFolder()
        Self.writeInputs(folder, people: 200)
        folder.write("fitted.yaml", "earlier content\n")
        let claims = try String(contentsOf: folder.url.appendingPathComponent("claims.csv"), encoding: .utf8)
        var lines = claims.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Line 3 of the extract: age 200.
        var fields = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[9] = "200"
        lines[2] = fields.joined(separator: ",")
        folder.write("bad-claims.csv", lines.joined(separator: "\n"))
        let cases: [([String], String)] = [
            (["--claims", "bad-claims.csv"], "bad-claims.csv:3: column age: expected an age in whole years from 0 to 120, got \"200\""),
        ]
        for (arguments, message) in cases {
            var all = Self.calibrate
            let i = all.firstIndex(of: "--claims")!
            all.replaceSubrange(i...(i + 1), with: arguments)
            let result = try Self.fundsim(all + ["--out", "fitted.yaml"], in: folder.url)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        // A claimant not in the roster, a sex x in the roster.
        folder.write("stranger.csv", claims + "Nobody,inpatient,county,true,true,,100,90,0,40,male,2018\n")
        let stranger = try Self.fundsim(["calibrate", "--claims", "stranger.csv", "--roster", "roster.csv", "--county", "shaoguan.qujiang",
                                         "--scenario", "qujiang-2018", "--out", "fitted.yaml"], in: folder.url)
        #expect(stranger.status == 2)
        #expect(stranger.stderr.contains("column person_id: person \"Nobody\" is not in the roster roster.csv"), "\(stranger.stderr)")
        let roster = try String(contentsOf: folder.url.appendingPathComponent("roster.csv"), encoding: .utf8)
        folder.write("roster-x.csv", roster + "Q1,30,x,in_poverty,2018\n")
        let sexX = try Self.fundsim(["calibrate", "--claims", "claims.csv", "--roster", "roster-x.csv", "--county", "shaoguan.qujiang",
                                     "--scenario", "qujiang-2018", "--out", "fitted.yaml"], in: folder.url)
        #expect(sexX.status == 2)
        #expect(sexX.stderr.contains("roster-x.csv:\(roster.split(separator: "\n").count + 1): column sex: expected female or male, got \"x\""), "\(sexX.stderr)")
        folder.write("claims-2016.csv", claims.replacingOccurrences(of: ",2018\n", with: ",2016\n"))
        let year = try Self.fundsim(Self.calibrate.map { $0 == "claims.csv" ? "claims-2016.csv" : $0 } + ["--out", "fitted.yaml"], in: folder.url)
        #expect(year.status == 2)
        #expect(year.stderr.contains("claims-2016.csv:2: column year: expected a year of the scenario (2018–2020), got \"2016\""), "\(year.stderr)")
        // Nothing written: the earlier file is untouched, no temporary left.
        #expect(try String(contentsOf: folder.url.appendingPathComponent("fitted.yaml"), encoding: .utf8) == "earlier content\n")
        #expect(folder.contents.filter { $0.hasPrefix(".") }.isEmpty, "\(folder.contents)")
    }

    @Test func exitStatusesOfOtherFailures() throws {
        let folder = TemporaryFolder()
        Self.writeInputs(folder, people: 100)
        let county = try Self.fundsim(Self.calibrate.map { $0 == "shaoguan.qujiang" ? "nowhere" : $0 } + ["--out", "f.yaml"], in: folder.url)
        #expect(county.status == 2 && county.stderr.contains("no county 'nowhere' in scenario qujiang-2018"), "\(county.stderr)")
        let missing = try Self.fundsim(Self.calibrate.map { $0 == "claims.csv" ? "missing.csv" : $0 } + ["--out", "f.yaml"], in: folder.url)
        #expect(missing.status == 3 && missing.stderr.contains("missing.csv: ") && missing.stderr.contains("no such"), "\(missing.stderr)")
        let folderOut = try Self.fundsim(Self.calibrate + ["--out", "no/such/folder/f.yaml"], in: folder.url)
        #expect(folderOut.status == 4, "\(folderOut.stderr)")
        let usage = try Self.fundsim(Self.calibrate + ["--out", "f.yaml", "--min-observations", "0"], in: folder.url)
        #expect(usage.status == 64, "\(usage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("f.yaml")))
    }
}
