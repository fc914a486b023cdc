import Foundation
import Testing
@testable import Reporting

@Suite struct AtomicOutputTests {
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

    @Test func commitCreatesFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("yunnan")
        let output = try OutputDirectory(target)
        try output.write("a,b\n", to: "tables/budget.csv")
        try output.write("{}", to: "manifest.json")
        #expect(try entries(folder) == [".yunnan.tmp-\(getpid())"])
        try output.commit()
        #expect(try entries(folder) == ["yunnan"])
        #expect(try entries(target) == ["manifest.json", "tables"])
        #expect(try String(contentsOf: target.appendingPathComponent("tables/budget.csv"), encoding: .utf8) == "a,b\n")
    }

    @Test func commitReplacesExistingFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        let first = try OutputDirectory(target)
        try first.write("old", to: "stale.txt")
        try first.commit()
        let second = try OutputDirectory(target)
        try second.write("new", to: "fresh.txt")
        try second.commit()
        #expect(try entries(folder) == ["run"])
        #expect(try entries(target) == ["fresh.txt"])
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
    }

    @Test func failedCommitKeepsPreviousFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("run")
        try "not a folder".write(to: target, atomically: false, encoding: .utf8)
        let output = try OutputDirectory(target)
        try output.write("x", to: "a.txt")
        var caught: ReportingError?
        do { try output.commit() } catch let error as ReportingError { caught = error }
        #expect(caught == .notADirectory(target.path))
        #expect(try entries(folder) == ["run"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "not a folder")
    }

    @Test func staleStagingFolderIsReplaced() throws {
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
}
