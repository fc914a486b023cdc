import Foundation
import Reporting

/// The shards of one job, checked and in shard order: every shard `0..<N`
/// exactly once, all of the same job. ``forEachRecord(_:)`` streams their
/// records in unit order, one at a time, so a merge's memory does not grow
/// with the number of draws.
public struct ShardSet: Sendable {
    /// The shard folders, in shard order.
    public let folders: [URL]
    /// Their manifests, in shard order.
    public let manifests: [ShardManifest]

    /// The job they belong to.
    public var job: JobIdentity { manifests[0].job }

    /// Reads and checks the shards in `folders` (any order). Refuses, naming the
    /// folder: a folder that is not a shard, a shard of another job (the first
    /// field that differs from the majority's), a shard given twice, and
    /// reports every missing shard with its draws.
    public init(folders given: [URL]) throws(ShardError) {
        guard !given.isEmpty else { throw ShardError(message: "no shard folders given") }
        var read: [(URL, ShardManifest)] = []
        for folder in given { read.append((folder, try ShardManifest.read(folder: folder))) }
        // The job most shards belong to is the reference (ties: the first given).
        var groups: [(job: JobIdentity, count: Int)] = []
        for (_, manifest) in read {
            if let i = groups.firstIndex(where: { $0.job == manifest.job }) { groups[i].count += 1 } else { groups.append((manifest.job, 1)) }
        }
        let reference = groups.max { $0.count < $1.count }!.job  // max(by:) keeps the first of equals
        let referenceFolder = read.first { $0.1.job == reference }!.0
        for (folder, manifest) in read where manifest.job != reference {
            let d = manifest.job.firstDifference(from: reference)!
            throw ShardError(message: "\(folder.path): foreign shard, not of the same job as \(referenceFolder.path): its \(d.field) is \(d.mine), the other shards' is \(d.theirs)")
        }
        var byIndex: [Int: (URL, ShardManifest)] = [:]
        for (folder, manifest) in read {
            if let (other, _) = byIndex[manifest.shard.index] {
                let same = other.standardizedFileURL.path == folder.standardizedFileURL.path
                throw ShardError(message: same
                    ? "\(folder.path): shard \(manifest.shard) given twice"
                    : "duplicated shard \(manifest.shard) (draws \(manifest.units)): both \(other.path) and \(folder.path)")
            }
            let expected = manifest.shard.range(units: reference.units)
            guard manifest.units == expected else {
                throw ShardError(message: "\(folder.path): shard \(manifest.shard) holds units \(manifest.units), expected \(expected)")
            }
            guard manifest.payload.records == expected.count else {
                throw ShardError(message: "\(folder.path): shard \(manifest.shard) has \(manifest.payload.records) records, expected \(expected.count)")
            }
            byIndex[manifest.shard.index] = (folder, manifest)
        }
        let missing = (0..<reference.shards).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { i in
                let slice = try! ShardSlice(index: i, count: reference.shards)
                return "\(slice) (draws \(slice.range(units: reference.units)))"
            }
            throw ShardError(message: "missing shard\(missing.count > 1 ? "s" : "") \(names.joined(separator: ", ")) of \(reference.shards); given: \(byIndex.keys.sorted().map { "\($0)/\(reference.shards)" }.joined(separator: ", "))")
        }
        let ordered = (0..<reference.shards).map { byIndex[$0]! }
        folders = ordered.map(\.0)
        manifests = ordered.map(\.1)
    }

    /// The resolved scenario text stored in the shards, checked against the job's hash.
    public func scenarioText() throws(ShardError) -> String {
        let url = folders[0].appendingPathComponent(ShardManifest.scenarioFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ShardError(message: "\(url.path): missing (a shard keeps its resolved scenario)")
        }
        let hash = SHA256.hex(data)
        guard hash == job.scenarioSHA256 else {
            throw ShardError(message: "\(url.path): SHA-256 \(hash) differs from the job's \(job.scenarioSHA256): the file was altered")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Calls `body` with every record of every shard, in unit order `0..<units`,
    /// checking that each shard's payload is intact (size, record count, hash).
    public func forEachRecord(_ body: (UnitRecord) throws -> Void) throws {
        var expected = 0
        for (folder, manifest) in zip(folders, manifests) {
            let url = folder.appendingPathComponent(manifest.payload.file)
            var reader = try UnitRecordReader(url: url, payload: manifest.payload)
            while let record = try reader.next() {
                guard record.unit == expected else {
                    throw ShardError(message: "\(url.path): record of unit \(record.unit) where unit \(expected) was expected")
                }
                try body(record)
                expected += 1
            }
        }
        guard expected == job.units else {
            throw ShardError(message: "the shards hold \(expected) units, the job has \(job.units)")
        }
    }
}
