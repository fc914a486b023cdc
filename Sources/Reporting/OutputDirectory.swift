import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output folder built out of sight and put in place in one step.
///
/// Why: a run writes many files (tables, manifest); a run that fails or is
/// interrupted must not leave a half-written folder that looks like a result,
/// nor destroy the previous result. All files go into a hidden sibling
/// `.<name>.tmp-<pid>`; `commit()` renames it to `<name>`. An existing
/// `<name>` is first renamed to `.<name>.old-<pid>`, then removed once the new
/// folder is in place (if the second rename fails, the old folder is put
/// back). `discard()` — or dropping the value without committing, e.g. when
/// an error is thrown — removes the staging folder.
///
/// Non-copyable so that exactly one owner commits or discards. A stale
/// staging folder left by a killed process with the same pid is replaced.
public struct OutputDirectory: ~Copyable, Sendable {
    /// Where the folder appears on `commit()`.
    public let finalURL: URL
    /// The hidden sibling folder that receives the files until `commit()`.
    public let stagingURL: URL
    private var finished = false

    /// Creates the staging folder beside `finalURL` (whose parent must exist).
    public init(_ finalURL: URL) throws {
        let target = finalURL.standardizedFileURL
        self.finalURL = target
        self.stagingURL = Self.sibling(of: target, tag: "tmp")
        try? FileManager.default.removeItem(at: stagingURL)
        guard mkdir(stagingURL.path, 0o755) == 0 else {
            throw ReportingError.system("mkdir", stagingURL.path, errno)
        }
    }

    /// The staging location of `relativePath` (e.g. `"tables/budget.csv"`).
    public func url(for relativePath: String) -> URL {
        stagingURL.appendingPathComponent(relativePath)
    }

    /// Writes `data` to `relativePath` inside the staging folder, creating
    /// intermediate folders; durable before `commit()` (see `AtomicFile`).
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

    /// Puts the staging folder in place as `finalURL`, replacing a previous
    /// folder of that name. On failure the previous folder is kept (restored
    /// if it had been moved) and the staging folder is removed.
    public consuming func commit() throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: finalURL.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw ReportingError.notADirectory(finalURL.path) }
        let parent = finalURL.deletingLastPathComponent()
        AtomicFile.syncDirectory(stagingURL)
        var oldURL: URL?
        if exists {
            let old = Self.sibling(of: finalURL, tag: "old")
            try? fileManager.removeItem(at: old)
            guard rename(finalURL.path, old.path) == 0 else {
                throw ReportingError.system("rename to \(old.path)", finalURL.path, errno)
            }
            oldURL = old
        }
        guard rename(stagingURL.path, finalURL.path) == 0 else {
            let code = errno
            if let old = oldURL { _ = rename(old.path, finalURL.path) }
            throw ReportingError.system("rename to \(finalURL.path)", stagingURL.path, code)
        }
        finished = true
        AtomicFile.syncDirectory(parent)
        if let old = oldURL { try? fileManager.removeItem(at: old) }
    }

    /// Abandons the output: removes the staging folder and everything in it.
    public consuming func discard() {}

    deinit {
        if !finished { try? FileManager.default.removeItem(at: stagingURL) }
    }

    private static func sibling(of url: URL, tag: String) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(tag)-\(getpid())")
    }
}
