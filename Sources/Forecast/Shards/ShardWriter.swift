import Foundation
import Reporting

/// Writes one shard folder: the unit records streamed into `units.bin`, then
/// `scenario.yaml` and `shard.json`; the folder appears only when complete
/// (an ``OutputDirectory``), so a killed shard leaves nothing a merge could take.
public struct ShardWriter: ~Copyable {
    private let output: OutputDirectory
    private var records: UnitRecordWriter

    /// Starts the shard folder `folder` with records of the given arrays.
    public init(folder: URL, arrays: [RecordArray]) throws {
        let output = try OutputDirectory(folder)
        records = try UnitRecordWriter(url: output.url(for: ShardPayload.defaultFile), arrays: arrays)
        self.output = output
    }

    /// Appends the next unit's record (units ascend).
    public mutating func append(_ record: UnitRecord) throws {
        try records.append(record)
    }

    /// Closes the payload, writes the resolved scenario, any other input the
    /// merge needs (`files`: name → text, e.g. a sweep's spec) and the manifest
    /// (whose payload is filled in here), and puts the folder in place.
    public consuming func commit(manifest: (ShardPayload) -> ShardManifest, scenarioText: String,
                                 files: [String: String] = [:]) throws {
        let payload = try records.close()
        try output.write(scenarioText, to: ShardManifest.scenarioFileName)
        for name in files.keys.sorted() { try output.write(files[name]!, to: name) }
        try output.write(try manifest(payload).jsonData(), to: ShardManifest.fileName)
        try output.commit()
    }
}
