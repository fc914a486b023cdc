import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output folder built out of sight and put in place in one step.
///
/// Why: a run writes many files (tables, manifest, schema); a run that fails
/// or is interrupted must not leave a half-written folder that looks like a
/// result, nor destroy the previous result, nor leave litter.
///
/// - `init` checks the destination at once, before any work: missing parent
///   folders are created; a file, or a non-empty folder without a fundsim
///   `manifest.json`, is refused (``ReportingError/notADirectory(_:)``,
///   ``ReportingError/notFundsimOutput(_:)``) and left intact; an earlier
///   fundsim output is reported in ``replacing``. Staging folders left by
///   processes that no longer run (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`,
///   e.g. after `kill -9`) anywhere in the parent folder are removed — or, for
///   an `.old` folder whose result is missing, put back — and listed in ``cleaned``.
/// - Files go into the hidden sibling `.<name>.tmp-<pid>`, which is removed
///   on SIGINT/SIGTERM (``CleanupOnSignal``), on ``discard()``, or when the
///   value is dropped without committing (e.g. an error is thrown).
/// - ``commit(manifest:)`` writes `manifest.json` and `datapackage.json` (a
///   Table Schema for every table written with ``write(_:)-(Table)`` or
///   declared with ``declare(_:)``), then puts the folder in place. On Linux
///   an existing result is swapped with the new one by `renameat2(2)` with
///   `RENAME_EXCHANGE`, so there is no moment without a complete result at the
///   destination; the old one is then removed. Where the exchange is not
///   available it is moved to `.<name>.old-<pid>` first (a signal during the
///   two renames waits for them; after a `kill -9` between them the next run
///   puts it back). The renames run under ``CleanupOnSignal``'s lock.
///
/// Non-copyable so that exactly one owner commits or discards.
public struct OutputDirectory: ~Copyable, Sendable {
    /// Where the folder appears on commit.
    public let finalURL: URL
    /// The hidden sibling folder that receives the files until commit.
    public let stagingURL: URL
    /// The manifest of the earlier fundsim output at `finalURL` that a commit will replace, if any.
    public let replacing: Manifest?
    /// Paths of litter from dead processes removed (or restored) by `init`.
    public let cleaned: [String]
    /// The tables written or declared so far, in order: the resources of `datapackage.json`.
    public private(set) var tables: [TableDescription] = []
    private let signalToken: CleanupOnSignal.Token
    private var finished = false

    /// Checks the destination, cleans litter of dead processes beside it and
    /// creates the staging folder (and any missing parent folders).
    public init(_ finalURL: URL) throws {
        let target = finalURL.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try Self.createFolders(parent.path)
        let cleaned = Self.cleanLitter(in: parent)
        let replacing = try Self.checkDestination(target)
        let staging = Self.sibling(of: target, tag: "tmp", pid: getpid())
        let token = try CleanupOnSignal.track(staging.path, kind: .directory) {
            try? FileManager.default.removeItem(at: staging)  // left by an earlier process with our pid
            guard mkdir(staging.path, 0o755) == 0 else { throw ReportingError.system("mkdir", staging.path, errno) }
        }
        self.finalURL = target
        self.stagingURL = staging
        self.cleaned = cleaned
        self.replacing = replacing
        self.signalToken = token
    }

    /// The staging location of `relativePath` (e.g. `"tables/budget.csv"`).
    public func url(for relativePath: String) -> URL {
        stagingURL.appendingPathComponent(relativePath)
    }

    /// Writes `data` to `relativePath` inside the staging folder, creating
    /// intermediate folders; durable before commit (see `AtomicFile`).
    public func write(_ data: Data, to relativePath: String) throws {
        let url = url(for: relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(data, to: url)
    }

    /// Writes `text` as UTF-8 to `relativePath`; see `write(_:to:)` for `Data`.
    public func write(_ text: String, to relativePath: String) throws {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Writes a table to its path and records its description for `datapackage.json`.
    public mutating func write(_ table: Table) throws {
        try write(Data(table.csv.bytes), to: table.description.path)
        declare(table.description)
    }

    /// Records the description of a table written by other means (e.g. streamed
    /// into ``url(for:)``), for `datapackage.json`.
    public mutating func declare(_ description: TableDescription) {
        tables.removeAll { $0.path == description.path }
        tables.append(description)
    }

    /// Writes `manifest.json` and `datapackage.json` (describing the tables
    /// written so far), then puts the staging folder in place as `finalURL`,
    /// replacing an earlier fundsim output there. On failure the earlier
    /// folder is kept and the staging folder is removed.
    public consuming func commit(manifest: Manifest) throws {
        try manifest.write(into: self)
        let years = manifest.years.map(String.init)
        let span = years.count > 1 ? "\(years.first!)–\(years.last!)" : years.joined()
        let package = DataPackage(
            name: manifest.scenarioName, title: "fundsim output: \(manifest.scenarioName)",
            description: "Written by fundsim \(manifest.programVersion) from \(manifest.scenarioPath.isEmpty ? manifest.scenarioName : manifest.scenarioPath) "
                + "(sha256 \(manifest.scenarioSHA256)), seed \(manifest.seed), \(manifest.draws) draws, years \(span); see manifest.json.",
            tables: tables)
        try write(try package.jsonData(), to: DataPackage.fileName)
        try commit()
    }

    /// Puts the staging folder in place as it is, without writing `manifest.json` or `datapackage.json`:
    /// for folders that are not tables (e.g. a shard, which has its own `shard.json`); output tables
    /// use ``commit(manifest:)``. `exchange: false` forces the two-rename fallback (for tests).
    public consuming func commit(exchange useExchange: Bool = true) throws {
        _ = try Self.checkDestination(finalURL)  // it may have changed during a long run
        AtomicFile.syncDirectory(stagingURL)
        let parent = finalURL.deletingLastPathComponent()
        let exists = FileManager.default.fileExists(atPath: finalURL.path)
        let staging = stagingURL.path, final = finalURL.path, old = Self.sibling(of: finalURL, tag: "old", pid: getpid()).path
        // What is left to remove once the new folder is in place: the earlier result, if any. The renames
        // run under the signal registry's lock: a SIGINT/SIGTERM cleans up before or after them, never between.
        var leftover: String?
        try CleanupOnSignal.commit(signalToken) {
            if !exists {
                guard rename(staging, final) == 0 else { throw ReportingError.system("rename to \(final)", staging, errno) }
            } else if useExchange && Self.exchange(staging, final) {
                leftover = staging  // the staging path now holds the earlier result
            } else {
                try? FileManager.default.removeItem(atPath: old)
                guard rename(final, old) == 0 else { throw ReportingError.system("rename to \(old)", final, errno) }
                guard rename(staging, final) == 0 else {
                    let code = errno
                    _ = rename(old, final)
                    throw ReportingError.system("rename to \(final)", staging, code)
                }
                leftover = old
            }
        }
        finished = true
        AtomicFile.syncDirectory(parent)
        // A kill before this removal leaves the earlier result as litter of a dead process: the next run removes it.
        if let leftover { try? FileManager.default.removeItem(atPath: leftover) }
    }

    /// Abandons the output: removes the staging folder and everything in it.
    public consuming func discard() {}

    deinit {
        if !finished {
            CleanupOnSignal.remove(signalToken)
            try? FileManager.default.removeItem(at: stagingURL)  // also when a failed commit already dropped the registration
        }
    }

    // MARK: - Destination, litter, exchange

    /// What is at `target`: nothing, an empty folder or a shard folder (`nil`), or an earlier
    /// fundsim output (its manifest); anything else is refused.
    static func checkDestination(_ target: URL) throws -> Manifest? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { throw ReportingError.notADirectory(target.path) }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
        if contents.isEmpty { return nil }
        if let data = FileManager.default.contents(atPath: target.appendingPathComponent(Manifest.fileName).path),
           let manifest = try? Manifest.decode(data) {
            return manifest
        }
        // A shard folder (`fundsim run --shard`): its `shard.json` records the program version.
        if let data = FileManager.default.contents(atPath: target.appendingPathComponent("shard.json").path),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["programVersion"] is String {
            return nil
        }
        throw ReportingError.notFundsimOutput(target.path)
    }

    /// Removes staging folders (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`) of
    /// processes that no longer run from `parent`; an `.old` folder whose
    /// `<name>` is missing (a kill between the two renames of the fallback
    /// swap) is renamed back to `<name>` instead. Returns the paths handled.
    static func cleanLitter(in parent: URL) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return [] }
        var handled: [String] = []
        for entry in entries.sorted() {
            guard let (name, tag, pid) = parseSibling(entry), pid != getpid(), !isRunning(pid) else { continue }
            let path = parent.appendingPathComponent(entry).path
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            let original = parent.appendingPathComponent(name).path
            if tag == "old" && !FileManager.default.fileExists(atPath: original) && rename(path, original) == 0 {
                handled.append(path)
                continue
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { handled.append(path) }
        }
        return handled
    }

    /// `.<name>.<tag>-<pid>` split into its parts, or `nil` when `entry` is not such a name.
    static func parseSibling(_ entry: String) -> (name: String, tag: String, pid: pid_t)? {
        guard entry.hasPrefix(".") else { return nil }
        for tag in ["tmp", "old"] {
            guard let marker = entry.range(of: ".\(tag)-", options: .backwards), marker.lowerBound > entry.startIndex else { continue }
            let digits = entry[marker.upperBound...]
            let name = entry[entry.index(after: entry.startIndex)..<marker.lowerBound]
            guard !name.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  let pid = pid_t(digits), pid > 0 else { continue }
            return (String(name), tag, pid)
        }
        return nil
    }

    /// Whether a process with this id exists (one we may not signal counts as running).
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Atomically exchanges two existing paths (Linux `renameat2(2)` with
    /// `RENAME_EXCHANGE`, looked up at run time); `false` when the system or
    /// file system cannot, and the caller falls back to two renames.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        guard let renameat2 = Self.renameat2 else { return false }
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2` (2.28 and later), which the Glibc module does not export.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif

    private static func sibling(of url: URL, tag: String, pid: pid_t) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(tag)-\(pid)")
    }

    /// `mkdir -p`: creates `path` and its missing parents, naming the component and the system's reason on failure.
    static func createFolders(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportingError.system("create folder", path, ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try createFolders(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw ReportingError.system("create folder", path, errno) }
    }
}
