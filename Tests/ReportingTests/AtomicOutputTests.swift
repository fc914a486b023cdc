import Foundation
import Testing
@testable import Reporting

@Suite struct AtomicOutputTests {
    static let manifest = Manifest(scenarioName: "run", scenarioPath: "", scenarioSHA256: String(repeating: "0", count: 64), seed: 1,
                                   draws: 2, threads: 1, years: [2017], startTime: Date(timeIntervalSince1970: 0),
                                   wallTimeSeconds: 1, commandLine: ["fundsim"])

    /// A pid that no process has: a child that has already exited and been reaped.
    static func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporary() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.txt")
        try AtomicFile.write("first", to: url)
        try AtomicFile.write(Data("second".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
        #expect(try entries(folder) == ["out.txt"])
    }

    @Test func atomicWriteFailureLeavesTargetAndNoTemporary() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The target is a non-empty directory: rename(2) must fail.
        let target = folder.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try AtomicFile.write("x", to: target.appendingPathComponent("inside"))
        #expect(throws: ReportingError.self) { try AtomicFile.write("y", to: target) }
        #expect(try entries(folder) == ["busy"])
        #expect(try entries(target) == ["inside"])
    }

    @Test func atomicWriteIntoMissingFolderThrows() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("missing/out.txt")
        #expect(throws: ReportingError.self) { try AtomicFile.write("x", to: url) }
    }

    @Test func commitCreatesFolderWithManifestAndDataPackage() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("yunnan")
        var output = try OutputDirectory(target)
        #expect(output.replacing == nil)
        var table = Table(TableDescription(name: "budget", path: "tables/budget.csv", title: "t", description: "d",
                                           fields: [TableField("a", .integer, "A"), TableField("b", .string, "B")]))
        table.append(["1", "x"])
        try output.write(table)
        #expect(try entries(folder) == [".yunnan.tmp-\(getpid())"])
        #expect(CleanupOnSignal.registeredPaths.contains(output.stagingURL.path))
        let staging = output.stagingURL.path
        try output.commit(manifest: Self.manifest)
        #expect(!CleanupOnSignal.registeredPaths.contains(staging))
        #expect(try entries(folder) == ["yunnan"])
        #expect(try entries(target) == ["datapackage.json", "manifest.json", "tables"])
        #expect(try String(contentsOf: target.appendingPathComponent("tables/budget.csv"), encoding: .utf8) == "a,b\n1,x\n")
        let package = try JSONSerialization.jsonObject(with: Data(contentsOf: target.appendingPathComponent("datapackage.json"))) as! [String: Any]
        let resources = package["resources"] as! [[String: Any]]
        #expect(resources.map { $0["path"] as? String } == ["tables/budget.csv"])
    }

    @Test func missingParentFoldersAreCreated() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("a/b/c")
        let output = try OutputDirectory(target)
        try output.commit(manifest: Self.manifest)
        #expect(try entries(target) == ["datapackage.json", "manifest.json"])
    }

    @Test func aParentThatIsAFileIsNamedWithTheSystemsReason() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("f")
        try "x".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: ReportingError.system("create folder", file.path, ENOTDIR)) { _ = try OutputDirectory(file.appendingPathComponent("a/out")) }
        #expect(try entries(folder) == ["f"])
    }

    @Test(arguments: [true, false])
    func commitReplacesAnEarlierFundsimOutputAndSaysSo(exchange: Bool) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        let first = try OutputDirectory(target)
        try first.write("old", to: "stale.txt")
        try first.commit(manifest: Self.manifest)
        let second = try OutputDirectory(target)
        #expect(second.replacing == Self.manifest)
        try second.write("new", to: "fresh.txt")
        try second.write(try Self.manifest.jsonData(), to: Manifest.fileName)
        try second.commit(exchange: exchange)
        #expect(try entries(folder) == ["run"])
        #expect(try entries(target) == ["fresh.txt", "manifest.json"])
        #expect(CleanupOnSignal.registeredPaths.allSatisfy { !$0.hasPrefix(folder.path) })
    }

    @Test func exchangeSwapsTwoFolders() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        for (url, file) in [(a, "in-a"), (b, "in-b")] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try "x".write(to: url.appendingPathComponent(file), atomically: false, encoding: .utf8)
        }
        #if os(Linux)
        #expect(OutputDirectory.exchange(a.path, b.path))
        #expect(try entries(a) == ["in-b"])
        #expect(try entries(b) == ["in-a"])
        #endif
    }

    @Test func aFolderFundsimDidNotWriteIsRefusedAtOnceAndLeftIntact() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("thesis")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "chapter 1".write(to: target.appendingPathComponent("draft.txt"), atomically: false, encoding: .utf8)
        // A manifest.json that is not ours does not make it ours.
        try "{\"name\": \"other tool\"}".write(to: target.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        #expect(throws: ReportingError.notFundsimOutput(target.path)) { _ = try OutputDirectory(target) }
        #expect(try entries(folder) == ["thesis"])
        #expect(try entries(target) == ["draft.txt", "manifest.json"])
        #expect(ReportingError.notFundsimOutput(target.path).description.contains("did not write"))
    }

    @Test func aFileIsRefusedAtOnceAndAnEmptyFolderIsUsed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("run")
        try "not a folder".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: ReportingError.notADirectory(file.path)) { _ = try OutputDirectory(file) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
        #expect(try entries(folder) == ["run"])

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        let output = try OutputDirectory(empty)
        #expect(output.replacing == nil)
        try output.commit(manifest: Self.manifest)
        #expect(try entries(empty) == ["datapackage.json", "manifest.json"])
    }

    @Test func aDestinationThatChangedDuringTheRunIsNotReplaced() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        let output = try OutputDirectory(target)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "mine".write(to: target.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        var caught: ReportingError?
        do { try output.commit(manifest: Self.manifest) } catch let error as ReportingError { caught = error }
        #expect(caught == .notFundsimOutput(target.path))
        #expect(try entries(folder) == ["run"])
        #expect(try entries(target) == ["notes.txt"])
    }

    @Test func discardAndDropLeaveNothing() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        let discarded = try OutputDirectory(target)
        try discarded.write("x", to: "a.txt")
        discarded.discard()
        #expect(try entries(folder) == [])

        struct Failure: Error {}
        func failingRun() throws {
            let output = try OutputDirectory(target)
            try output.write("partial", to: "a.txt")
            throw Failure()
        }
        #expect(throws: Failure.self) { try failingRun() }
        #expect(try entries(folder) == [])
        #expect(CleanupOnSignal.registeredPaths.allSatisfy { !$0.hasPrefix(folder.path) })
    }

    @Test func staleStagingFolderOfOurPidIsReplaced() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        let stale = folder.appendingPathComponent(".run.tmp-\(getpid())")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: false)
        try "junk".write(to: stale.appendingPathComponent("junk.txt"), atomically: false, encoding: .utf8)
        let output = try OutputDirectory(target)
        try output.commit()
        #expect(try entries(target) == [])
    }

    @Test func litterOfDeadProcessesIsCleanedAndAStrandedResultPutBack() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dead = try Self.deadPID()
        let make = { (name: String) in
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try "x".write(to: url.appendingPathComponent("forecast.csv"), atomically: false, encoding: .utf8)
        }
        try make(".run.tmp-\(dead)")            // a killed run's staging folder
        try make("other")
        try make(".other.old-\(dead)")          // killed after the swap, before removing the old result
        try make(".stranded.old-\(dead)")       // killed between the two renames of the fallback: the only result
        try make(".busy.tmp-1")                 // a running process's (pid 1 always runs)
        try "keep".write(to: folder.appendingPathComponent(".notes.tmp-\(dead)"), atomically: false, encoding: .utf8)  // a file, not ours
        let output = try OutputDirectory(folder.appendingPathComponent("run"))
        #expect(output.cleaned.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted()
                == [".other.old-\(dead)", ".run.tmp-\(dead)", ".stranded.old-\(dead)"])
        output.discard()
        #expect(try entries(folder) == [".busy.tmp-1", ".notes.tmp-\(dead)", "other", "stranded"])
        #expect(try entries(folder.appendingPathComponent("stranded")) == ["forecast.csv"])
    }

    @Test func siblingNamesAreParsedStrictly() {
        #expect(OutputDirectory.parseSibling(".yunnan-2017.tmp-123")! == ("yunnan-2017", "tmp", 123))
        #expect(OutputDirectory.parseSibling(".a.old-7")! == ("a", "old", 7))
        #expect(OutputDirectory.parseSibling("yunnan.tmp-123") == nil)
        #expect(OutputDirectory.parseSibling(".forecast.csv.tmp-123-4") == nil)  // AtomicFile's temporary files
        #expect(OutputDirectory.parseSibling(".tmp-12") == nil)
        #expect(OutputDirectory.parseSibling(".x.tmp-") == nil)
    }
}
