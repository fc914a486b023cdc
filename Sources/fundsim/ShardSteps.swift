import Forecast
import Foundation
import Reporting

/// The steps of split runs that `run --shard`, `sweep --shard` and `merge` share,
/// written once (Scenarios/SHARDS.md): a shard's draws into a shard folder, and
/// the shard folders' draws, in draw order, into the unsplit command's writer.
/// Each shows a progress bar and a closing line on standard error (unless
/// quiet), and a failure names the folder being written.
enum ShardSteps {
    /// Writes draws `range` of a job into the shard folder `folder`, which appears
    /// only when complete: `produce` runs the draws, calling `advance` after each
    /// and `append` with each draw's record in draw order; the folder is then
    /// committed with `manifest`, the resolved scenario and `files`.
    /// `what` names the shard in the closing line (`shard 0/2`, `sweep shard 0/2`).
    static func write(into folder: URL, arrays: [RecordArray], draws range: Range<Int>, what: String, label: String,
                      quiet: Bool, started: Date, manifest: (ShardPayload) -> ShardManifest, scenarioText: String,
                      files: [String: String] = [:],
                      produce: (() -> Void, (UnitRecord) throws -> Void) throws -> Void) throws {
        try withProgress(total: range.count, label: label, quiet: quiet, folder: folder) { progress in
            var writer = try ShardWriter(folder: folder, arrays: arrays)
            try produce({ progress.advance() }, { try writer.append($0) })
            try writer.commit(manifest: manifest, scenarioText: scenarioText, files: files)
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("wrote \(what) (draws \(range.lowerBound)..<\(range.upperBound)) to \(folder.path)/, \(String(format: "%.1f", seconds)) s\n".utf8))
        }
    }

    /// Runs `body` with a progress bar of `total` steps, finished whether or not
    /// `body` throws; an error is reported against `folder` and exits non-zero.
    private static func withProgress(total: Int, label: String, quiet: Bool, folder: URL,
                                     _ body: (ProgressReporter) throws -> Void) throws {
        let progress = ProgressReporter(total: total, label: label, quiet: quiet)
        do {
            try body(progress)
        } catch {
            progress.finish()  // clear the bar before the error is printed
            throw Diagnostics.fail("\(folder.path): \(error)")
        }
        progress.finish()
    }

    /// The records of a ``ShardSet`` as a merge streams them: in draw order, each
    /// payload checked, the progress bar advanced after each.
    struct Records {
        let set: ShardSet
        let progress: ProgressReporter

        /// Calls `body` with every record of every shard, in draw order.
        func forEach(_ body: (UnitRecord) throws -> Void) throws {
            try set.forEachRecord { record in
                try body(record)
                progress.advance()
            }
        }
    }

    /// Merges `set` into the output folder `folder`: `write` runs the unsplit
    /// command's writer, feeding it from ``Records/forEach(_:)``.
    /// `what` names the shards in the closing line (`shard`, `sweep shard`).
    static func merge(_ set: ShardSet, into folder: URL, what: String, label: String, quiet: Bool, started: Date,
                      write: (Records) throws -> Void) throws {
        try withProgress(total: set.job.units, label: label, quiet: quiet, folder: folder) { progress in
            try write(Records(set: set, progress: progress))
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("merged \(set.job.shards) \(what)(s), \(set.job.units) draws, into \(folder.path)/ (\(String(format: "%.1f", seconds)) s)\n".utf8))
        }
    }
}
