import ClaimsFile
import Foundation
import Scenario

/// The CSV of a `points` design: a header of parameter paths, then one row per
/// point (e.g. a Saltelli or Morris sample written by SALib). An optional first
/// column named `point` is ignored (the sweep numbers points in row order).
enum PointsFile {
    /// The swept parameters (one per column) and each row's values with its line.
    static func read(_ path: String) throws(ScenarioError) -> ([SweptParameter], [(values: [String], line: Int)]) {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw ScenarioError(file: path, line: 0, field: "", message: "cannot read the points file: \(error.localizedDescription)")
        }
        var reader = CSVReader(bytes: bytes)
        do {
            guard let header = try reader.next() else {
                throw ScenarioError(file: path, line: 0, field: "", message: "empty file; expected a header of parameter paths and one row per point")
            }
            let skip = header.fields.first == "point" ? 1 : 0
            let paths = Array(header.fields.dropFirst(skip)).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !paths.isEmpty else { throw ScenarioError(file: path, line: header.line, field: "", message: "expected at least one parameter path column") }
            var seen = Set<String>()
            for (i, p) in paths.enumerated() {
                guard !p.isEmpty else { throw ScenarioError(file: path, line: header.line, field: "column \(i + 1 + skip)", message: "empty column name; expected a parameter path") }
                guard seen.insert(p).inserted else { throw ScenarioError(file: path, line: header.line, field: p, message: "column '\(p)' appears twice") }
            }
            var rows: [(values: [String], line: Int)] = []
            while let record = try reader.next() {
                guard record.fields.count == header.fields.count else {
                    throw ScenarioError(file: path, line: record.line, field: "",
                                        message: "expected \(header.fields.count) fields like the header, found \(record.fields.count)")
                }
                let values = Array(record.fields.dropFirst(skip)).map { $0.trimmingCharacters(in: .whitespaces) }
                for (i, v) in values.enumerated() where v.isEmpty {
                    throw ScenarioError(file: path, line: record.line, field: paths[i], message: "missing value")
                }
                rows.append((values, record.line))
            }
            guard !rows.isEmpty else { throw ScenarioError(file: path, line: header.line, field: "", message: "no points: expected one row per point after the header") }
            let parameters = paths.map { SweptParameter(path: $0, line: header.line, values: [], range: nil, decimals: 6) }
            return (parameters, rows)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(file: path, line: (error as? CSVError)?.line ?? 0, field: "", message: (error as? CSVError)?.message ?? "\(error)")
        }
    }
}
