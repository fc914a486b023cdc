import Foundation

/// Runs the built `fundsim` executable as a subprocess, the way a user does:
/// the one runner of the command-line tests (fundsimTests, CalibrationTests).
public struct FundsimRunner {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String

        /// A result as a run would give it.
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The package root, from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `fundsim` binary: next to the test bundle in the build products
    /// directory (the test target depends on it, so it is built first).
    public static let executable: URL = {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.deletingLastPathComponent().appendingPathComponent("fundsim"),
            bundle.appendingPathComponent("fundsim"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fundsim"),
            packageRoot.appendingPathComponent(".build/debug/fundsim"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// Starts `fundsim` with the arguments in `directory` (the package root by default), without waiting;
    /// its output goes to /dev/null.
    public static func start(_ arguments: [String], in directory: URL = packageRoot) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `fundsim` with the arguments in `directory` (the package root by default) and waits for it.
    public static func run(_ arguments: [String], in directory: URL = packageRoot) throws -> Result {
        try run(executable: executable, arguments, in: directory)
    }

    /// Runs any `executable` with the arguments in `directory`, with `environment` (the test's own by
    /// default), and waits for it, collecting its output as ``run(_:in:)`` does.
    public static func run(executable: URL, _ arguments: [String], in directory: URL = packageRoot,
                           environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh empty directory for a test's files.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fundsim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
