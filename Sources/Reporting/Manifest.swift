import Foundation

/// What produced an output folder: written as `manifest.json` beside the tables.
///
/// Why: the project promises every result is reproducible from the scenario
/// file, the seed and the program version alone; the manifest records exactly
/// those (plus the scenario's SHA-256, so an edited file is detected) and the
/// run's context. JSON keys are the property names, sorted, pretty-printed,
/// so the file diffs cleanly between runs.
public struct Manifest: Codable, Sendable, Equatable {
    /// File name the manifest is written under.
    public static let fileName = "manifest.json"

    /// Scenario name (also the output folder's name by convention).
    public var scenarioName: String
    /// Path of the scenario file as given by the user; empty for the built-in scenario.
    public var scenarioPath: String
    /// SHA-256 of the scenario file's bytes, 64 lowercase hex digits.
    public var scenarioSHA256: String
    /// Master random seed.
    public var seed: UInt64
    /// Number of Monte Carlo draws.
    public var draws: Int
    /// Worker threads used (results must not depend on it).
    public var threads: Int
    /// Calendar years projected.
    public var years: [Int]
    /// Version of fundsim that ran (``ProgramVersion/current`` unless given).
    public var programVersion: String
    /// Start of the run, encoded as ISO 8601 UTC to the second (e.g. `2017-06-01T08:00:00Z`).
    public var startTime: Date
    /// Elapsed wall-clock time of the run, in seconds.
    public var wallTimeSeconds: Double
    /// The command line, one element per argument.
    public var commandLine: [String]
    /// Anything else worth recording (e.g. parameter overrides of a sweep).
    public var extras: [String: String]
    /// The scenario's chain of files (the named one first, then what it extends),
    /// each with its SHA-256; `scenarioSHA256` is the hash of the resolved scenario
    /// (`scenario.yaml` in the folder). `nil` in manifests written before overlays existed.
    public var scenarioFiles: [File]?
    /// The `--set PATH=VALUE` overrides applied after the files, in order.
    public var overrides: [String]?

    /// One scenario file and its SHA-256.
    public struct File: Codable, Sendable, Equatable {
        /// A path, or `builtin:NAME`.
        public var name: String
        /// SHA-256 of the file's bytes, 64 lowercase hex digits.
        public var sha256: String
        /// Creates a record.
        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// Creates a manifest from its parts.
    public init(scenarioName: String, scenarioPath: String, scenarioSHA256: String, seed: UInt64,
                draws: Int, threads: Int, years: [Int], programVersion: String = ProgramVersion.current, startTime: Date,
                wallTimeSeconds: Double, commandLine: [String], extras: [String: String] = [:]) {
        self.scenarioName = scenarioName
        self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256
        self.seed = seed
        self.draws = draws
        self.threads = threads
        self.years = years
        self.programVersion = programVersion
        self.startTime = startTime
        self.wallTimeSeconds = wallTimeSeconds
        self.commandLine = commandLine
        self.extras = extras
    }

    /// The manifest as pretty-printed JSON with sorted keys and a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a manifest written by `jsonData()`.
    public static func decode(_ data: Data) throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Manifest.self, from: data)
    }

    /// Writes `manifest.json` into `directory`'s staging folder.
    public func write(into directory: borrowing OutputDirectory) throws {
        try directory.write(try jsonData(), to: Self.fileName)
    }
}
