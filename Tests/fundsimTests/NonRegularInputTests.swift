import Foundation
import Testing
#if canImport(Glibc)
import Glibc
import FundsimTestSupport
#endif

extension FundsimRunner {
    /// Runs `fundsim` like ``run(_:in:)`` but kills it after `timeout` seconds, so that a
    /// command that blocks (e.g. on a FIFO) fails the test instead of hanging the suite.
    static func run(_ arguments: [String], in directory: URL = packageRoot, timeout: TimeInterval) throws -> (result: Result, timedOut: Bool) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes on their own threads so a full pipe cannot block the child.
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        group.wait()
        return (Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self)), timedOut)
    }
}

/// A FIFO (named pipe), a character device or a folder where a command expects an input
/// file — scenario, `extends:` target, sweep spec, points CSV, claims file — is refused at
/// once with the path, what it is and what was expected; reading it would block (a FIFO
/// waits for a writer) or never end (`/dev/zero`). Each command runs under a timeout.
@Suite("non-regular input files")
struct NonRegularInputTests {
    /// Seconds a refused command may take (a debug build starts in well under a second).
    static let timeout: TimeInterval = 30

    /// A temporary folder with a FIFO `name` in it.
    static func folderWithFIFO(_ name: String) throws -> (folder: URL, fifo: String) {
        let folder = try FundsimRunner.temporaryDirectory()
        let fifo = folder.appendingPathComponent(name).path
        guard mkfifo(fifo, 0o600) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return (folder, fifo)
    }

    static func refuse(_ arguments: [String], in folder: URL, status: Int32, naming path: String, _ expected: String) throws {
        let (result, timedOut) = try FundsimRunner.run(arguments, in: folder, timeout: timeout)
        #expect(!timedOut, "\(arguments.joined(separator: " ")) did not end within \(timeout) s")
        #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(path) && result.stderr.contains(expected),
                "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test("a FIFO named on the command line as a scenario, sweep spec or claims file exits 3 at once, naming it")
    func fifoArguments() throws {
        let (folder, fifo) = try Self.folderWithFIFO("pipe.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let claims = Scenarios.examples + "/claims-yunnan.csv"
        let isFIFO = "is a FIFO (named pipe); expected a"
        for arguments in [["validate", fifo], ["run", fifo, "--draws", "1", "--quiet"], ["params", fifo],
                          ["compare", "yunnan-2017", fifo, "--draws", "1", "--quiet"], ["capitation", fifo, "--draws", "1", "--quiet"],
                          ["settle", "--claims", claims, "--scenario", fifo]] {
            try Self.refuse(arguments, in: folder, status: 3, naming: fifo, isFIFO + " scenario file")
        }
        try Self.refuse(["sweep", fifo, "--draws", "1", "--quiet"], in: folder, status: 3, naming: fifo, isFIFO + " sweep spec .yaml file")
        try Self.refuse(["settle", "--claims", fifo], in: folder, status: 3, naming: fifo, isFIFO + " claims file (a regular file); to read a pipe, give --claims -")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe.yaml"])  // nothing written
    }

    @Test("a FIFO named inside a file (an overlay's extends:, a sweep's scenario: or points:) is bad input of that file (exit 2), naming the FIFO")
    func fifoInsideFiles() throws {
        let (folder, fifo) = try Self.folderWithFIFO("pipe.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvFIFO = folder.appendingPathComponent("points.csv").path
        #expect(mkfifo(csvFIFO, 0o600) == 0)
        let overlay = folder.appendingPathComponent("overlay.yaml").path
        try "extends: pipe.yaml\n".write(toFile: overlay, atomically: true, encoding: .utf8)
        try Self.refuse(["validate", overlay], in: folder, status: 2, naming: fifo, "is a FIFO (named pipe); expected a scenario .yaml file")
        try Self.refuse(["run", overlay, "--draws", "1", "--quiet"], in: folder, status: 2, naming: fifo, "is a FIFO (named pipe)")
        let spec = folder.appendingPathComponent("spec.yaml").path
        try "sweep:\n  scenario: pipe.yaml\n  design: grid\n  parameters:\n    - path: fiscal.provincial_subsidies.backstop\n      values: [60]\n"
            .write(toFile: spec, atomically: true, encoding: .utf8)
        try Self.refuse(["sweep", spec, "--draws", "1", "--quiet"], in: folder, status: 2, naming: fifo, "is a FIFO (named pipe)")
        let points = folder.appendingPathComponent("points.yaml").path
        try "sweep:\n  scenario: yunnan-2017\n  design: points\n  points: points.csv\n".write(toFile: points, atomically: true, encoding: .utf8)
        try Self.refuse(["sweep", points, "--draws", "1", "--quiet"], in: folder, status: 2, naming: csvFIFO,
                        "is a FIFO (named pipe); expected a points .csv file (a regular file)")
    }

    @Test("a character device (/dev/zero, which never ends) or a folder as a scenario, spec or claims file exits 3 at once")
    func devicesAndFolders() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["validate", "/dev/zero"], ["sweep", "/dev/zero", "--quiet"], ["settle", "--claims", "/dev/zero"]] {
            try Self.refuse(arguments, in: folder, status: 3, naming: "/dev/zero", "is a character device; expected a")
        }
        for arguments in [["sweep", folder.path, "--quiet"], ["settle", "--claims", folder.path]] {
            try Self.refuse(arguments, in: folder, status: 3, naming: folder.path, "is a folder; expected a")
        }
    }

    @Test("standard input stays supported: settle --claims - reads a pipe")
    func standardInputStillReads() throws {
        let process = Process()
        process.executableURL = FundsimRunner.executable
        process.arguments = ["settle", "--claims", "-"]
        process.currentDirectoryURL = FundsimRunner.packageRoot
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: Scenarios.examples + "/claims-yunnan.csv"))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).split(separator: "\n").count > 1)
    }

    enum Scenarios {
        static let examples = FundsimRunner.packageRoot.appendingPathComponent("Scenarios/examples").path
    }
}
