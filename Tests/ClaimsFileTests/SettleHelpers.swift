import ClaimsFile
import ClaimsFileReference
import Foundation
import Settlement

/// Runs the streaming settlement and the reference reader (bf294d4) on the same bytes.
enum Settle {
    static let years = 2017...2020
    static let settler = try! ClaimsFileSettler(plan: ShippedYunnanPlan.plan, years: years)

    struct Output {
        var csv: [UInt8]
        var explanation: String
        var summary: ClaimsFileSettler.Summary
        var text: String { String(decoding: csv, as: UTF8.self) }
    }

    /// Settles with the streaming reader; `chunk` limits each read as a pipe would.
    static func run(_ bytes: [UInt8], name: String = "c.csv", blockSize: Int = 1 << 20, threads: Int = 1,
                    chunk: Int = .max, explain: Bool = false) throws -> Output {
        let csv = MemorySink()
        let explanation = MemorySink()
        let summary = try settler.settle(name: name, from: MemorySource(bytes, chunk: chunk), csv: csv,
                                         explanation: explain ? explanation : nil,
                                         options: ClaimsFileSettler.Options(blockSize: blockSize, threads: threads))
        return Output(csv: csv.bytes, explanation: explanation.text, summary: summary)
    }

    static func run(_ text: String, name: String = "c.csv", blockSize: Int = 1 << 20, threads: Int = 1, explain: Bool = false) throws -> Output {
        try run(Array(text.utf8), name: name, blockSize: blockSize, threads: threads, explain: explain)
    }

    /// The first error of the streaming reader as a ``ClaimsFileError``, or `nil` when the file settles.
    static func error(_ text: String, name: String = "c.csv", blockSize: Int = 1 << 20) -> ClaimsFileError? {
        do {
            _ = try run(Array(text.utf8), name: name, blockSize: blockSize)
            return nil
        } catch let error as ClaimsFileError {
            return error
        } catch {
            fatalError("unexpected \(error)")
        }
    }

    /// The reference implementation's CSV and explanation.
    static func reference(_ bytes: [UInt8], name: String = "c.csv", explain: Bool = false) throws -> (csv: [UInt8], explanation: String) {
        let file = try ReferenceClaimsFile(name: name, bytes: bytes, defaultYear: years.lowerBound)
        let settled = try file.settle(with: ShippedYunnanPlan.plan, explain: explain)
        return (settled.csvBytes(), settled.explanation())
    }

    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

import PolicyCatalog
enum PolicyCatalogAccess { static let catalog = DiseaseCatalog.standard }
