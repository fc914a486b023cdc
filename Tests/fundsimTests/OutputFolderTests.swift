import Foundation
import Testing
import FundsimTestSupport

/// Output folders end to end, with real processes and real signals: where they
/// go, what is refused, and that interrupted runs leave neither litter nor a
/// damaged earlier result.
@Suite("output folders", .serialized)
struct OutputFolderTests {
    /// Names in a folder, hidden ones included, sorted.
    func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// The bytes of every file in an output folder, by name.
    func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try entries(folder) { files[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
        return files
    }

    /// Waits until `condition` holds, for at most `seconds`.
    func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }

    /// Starts a long run into `out` and waits until its staging folder exists and the simulation has begun.
    func startLongRun(_ scenario: String, out: URL) throws -> Process {
        let process = try FundsimRunner.start(["run", scenario, "--draws", "1000000", "--years", "2017", "--threads", "1", "--out", out.path, "--quiet"])
        let staging = out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).tmp-\(process.processIdentifier)")
        let started = wait(seconds: 60) { FileManager.default.fileExists(atPath: staging.path) }
        #expect(started, "no staging folder \(staging.path)")
        Thread.sleep(forTimeInterval: 0.5)  // into the simulation
        #expect(process.isRunning)
        return process
    }

    @Test("SIGINT or SIGTERM during a run: the process dies of it, no staging folder is left, the earlier output is intact",
          arguments: [SIGINT, SIGTERM])
    func signalDuringRun(signal: Int32) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let out = folder.appendingPathComponent("result")
        let first = try FundsimRunner.run(["run", scenario, "--draws", "2", "--years", "2017", "--out", out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let earlier = try contents(out)

        let process = try startLongRun(scenario, out: out)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try entries(folder) == ["result", "small-yunnan-2017.yaml"])
        #expect(try contents(out) == earlier)
    }

    @Test("litter of a run killed with SIGKILL is removed by the next run beside it")
    func killNineLitterIsCleaned() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let outputs = folder.appendingPathComponent("Output")
        let process = try startLongRun(scenario, out: outputs.appendingPathComponent("killed"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try entries(outputs) == [".killed.tmp-\(process.processIdentifier)"])  // SIGKILL cannot be caught
        let next = try FundsimRunner.run(["run", scenario, "--draws", "2", "--years", "2017", "--out", outputs.appendingPathComponent("next").path])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("removed 1 staging folder(s) left by interrupted runs"))
        #expect(try entries(outputs) == ["next"])
    }

    @Test("a run started in an empty folder writes ./Output/<scenario id>/ with a manifest and a datapackage.json")
    func firstRunOutsideTheRepository() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scenarios) }
        let scenario = try RunCommandTests.smallScenario(in: scenarios)
        let result = try FundsimRunner.run(["run", scenario, "--draws", "2", "--years", "2017", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try entries(folder) == ["Output"])
        #expect(try entries(folder.appendingPathComponent("Output")) == ["yunnan-2017"])
        let files = try entries(folder.appendingPathComponent("Output/yunnan-2017"))
        #expect(["datapackage.json", "forecast.csv", "manifest.json"].allSatisfy(files.contains), "\(files)")
    }

    @Test("--out with missing parent folders creates them; a second run replaces the first and says so")
    func missingParentsAndReplacement() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try RunCommandTests.smallScenario(in: folder)
        let out = folder.appendingPathComponent("a/b/c")
        let first = try FundsimRunner.run(["run", scenario, "--draws", "3", "--years", "2017", "--out", out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("replace"))
        let second = try FundsimRunner.run(["run", scenario, "--draws", "2", "--years", "2017", "--out", out.path, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("holds an earlier fundsim output (yunnan-2017, 3 draws"), "\(second.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
        #expect(manifest["draws"] as? Int == 2)
        #expect(try entries(folder.appendingPathComponent("a/b")) == ["c"])
    }

    @Test("a folder fundsim did not write, or a file, at --out is refused at once (exit 4) and left intact", arguments: [true, false])
    func foreignDestinationIsRefused(isFolder: Bool) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("thesis")
        if isFolder {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try "chapter 1".write(to: out.appendingPathComponent("draft.txt"), atomically: false, encoding: .utf8)
        } else {
            try "chapter 1".write(to: out, atomically: false, encoding: .utf8)
        }
        let started = Date()
        // The full built-in scenario: refused before loading its 4.71 million people, so at once.
        let result = try FundsimRunner.run(["run", "--draws", "1000", "--out", out.path, "--quiet"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 4)
        #expect(result.stderr.contains(out.path) && (result.stderr.contains("did not write") || result.stderr.contains("not a directory")), "\(result.stderr)")
        #expect(try entries(folder) == ["thesis"])
        if isFolder {
            #expect(try entries(out) == ["draft.txt"])
        } else {
            #expect(try String(contentsOf: out, encoding: .utf8) == "chapter 1")
        }
    }
}
