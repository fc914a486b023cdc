import Foundation
import Reporting

/// What makes shards parts of one job: a merge accepts only shards whose
/// identities are equal. Everything that changes a table is here (the resolved
/// scenario's hash, seed, draws, years, program version, output flags), and the
/// number of shards the job was split into.
public struct JobIdentity: Codable, Equatable, Sendable {
    /// The command whose work was split: `run` (units are draws) or `sweep`.
    public var kind: String
    /// SHA-256 of the resolved scenario text (stored in the shard as `scenario.yaml`).
    public var scenarioSHA256: String
    /// The seed.
    public var seed: UInt64
    /// Work units of the whole job (draws).
    public var units: Int
    /// The simulated years.
    public var years: [Int]
    /// The program version that wrote the shard.
    public var programVersion: String
    /// Flags that change the output, e.g. `keep_draws`, `parameter_uncertainty`.
    public var options: [String: String]
    /// How many shards the job was split into.
    public var shards: Int

    /// Creates an identity.
    public init(kind: String, scenarioSHA256: String, seed: UInt64, units: Int, years: [Int], programVersion: String,
                options: [String: String], shards: Int) {
        self.kind = kind
        self.scenarioSHA256 = scenarioSHA256
        self.seed = seed
        self.units = units
        self.years = years
        self.programVersion = programVersion
        self.options = options
        self.shards = shards
    }

    /// The first field that differs from `other`, as `name: mine vs other's`; `nil` when equal.
    public func firstDifference(from other: JobIdentity) -> (field: String, mine: String, theirs: String)? {
        func list(_ years: [Int]) -> String { years.map(String.init).joined(separator: ",") }
        var fields: [(String, String, String)] = [
            ("kind", kind, other.kind),
            ("program version", programVersion, other.programVersion),
            ("resolved scenario SHA-256", scenarioSHA256, other.scenarioSHA256),
            ("seed", String(seed), String(other.seed)),
            ("draws", String(units), String(other.units)),
            ("years", list(years), list(other.years)),
            ("shard count", String(shards), String(other.shards)),
        ]
        for key in Set(options.keys).union(other.options.keys).sorted() {
            fields.append(("option \(key)", options[key] ?? "(unset)", other.options[key] ?? "(unset)"))
        }
        return fields.first { $0.1 != $0.2 }.map { (field: $0.0, mine: $0.1, theirs: $0.2) }
    }
}

/// The payload file of a shard and its integrity data.
public struct ShardPayload: Codable, Equatable, Sendable {
    /// The payload's file name inside the shard folder.
    public static let defaultFile = "units.bin"
    /// The file name.
    public var file: String
    /// The arrays of every record, in order.
    public var arrays: [RecordArray]
    /// Number of records (one per unit of the shard).
    public var records: Int
    /// File size in bytes.
    public var bytes: Int
    /// FNV-1a 64-bit hash of the file, 16 hex digits.
    public var fnv1a64: String
}

/// `shard.json`: what a shard folder holds and which job it belongs to.
/// A shard folder holds `shard.json`, `scenario.yaml` (the resolved scenario
/// text, so that the merge rebuilds regions, items and layouts without the
/// original files) and the payload `units.bin` (``UnitRecordFile``).
public struct ShardManifest: Codable, Sendable {
    /// The manifest's file name.
    public static let fileName = "shard.json"
    /// The resolved scenario's file name.
    public static let scenarioFileName = "scenario.yaml"
    /// The value of ``format``.
    public static let formatName = "fundsim-shard"
    /// The format version this program writes and reads.
    public static let currentVersion = 1

    /// Always `fundsim-shard`.
    public var format: String
    /// The shard format's version.
    public var formatVersion: Int
    /// The job the shard belongs to.
    public var job: JobIdentity
    /// Which shard of the job this is.
    public var shard: ShardSlice
    /// The units (draws) it holds: `first ..< end`.
    public var firstUnit: Int
    /// One past the last unit it holds.
    public var endUnit: Int
    /// The payload.
    public var payload: ShardPayload
    /// The manifest the unsharded command writes (wall time 0); the merge completes it.
    public var output: Manifest
    /// When the shard started.
    public var startTime: Date
    /// How long it ran, in seconds.
    public var wallTimeSeconds: Double
    /// Worker threads the shard used.
    public var threads: Int
    /// The shard's command line.
    public var commandLine: [String]
    /// Inputs the merge reads besides the shard folder, by role (e.g. `sweep_spec`:
    /// the spec's absolute path, from which relative paths in it are taken); `nil` for `run`.
    public var inputs: [String: String]?

    /// Creates a manifest of the current format.
    public init(job: JobIdentity, shard: ShardSlice, units: Range<Int>, payload: ShardPayload, output: Manifest,
                startTime: Date, wallTimeSeconds: Double, threads: Int, commandLine: [String], inputs: [String: String]? = nil) {
        format = Self.formatName
        formatVersion = Self.currentVersion
        self.job = job
        self.shard = shard
        firstUnit = units.lowerBound
        endUnit = units.upperBound
        self.payload = payload
        self.output = output
        self.startTime = startTime
        self.wallTimeSeconds = wallTimeSeconds
        self.threads = threads
        self.commandLine = commandLine
        self.inputs = inputs
    }

    /// The units (draws) the shard holds.
    public var units: Range<Int> { firstUnit..<endUnit }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads `shard.json` of `folder`; the error names the folder and what is wrong.
    public static func read(folder: URL) throws(ShardError) -> ShardManifest {
        let url = folder.appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ShardError(message: "\(folder.path): no such shard folder")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ShardError(message: "\(folder.path): not a shard folder (no \(fileName); shards are written by `fundsim run … --shard I/N`)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        let header = try? decoder.decode(Header.self, from: data)
        guard header?.format == formatName else {
            throw ShardError(message: "\(url.path): not a fundsim shard manifest (expected \"format\": \"\(formatName)\")")
        }
        guard header?.formatVersion == currentVersion else {
            throw ShardError(message: "\(url.path): shard format version \(header?.formatVersion.map(String.init) ?? "missing"), this program reads version \(currentVersion)")
        }
        do { return try decoder.decode(ShardManifest.self, from: data) } catch {
            throw ShardError(message: "\(url.path): malformed shard manifest: \(error)")
        }
    }
}
