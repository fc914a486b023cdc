import ClaimsFile
import Foundation

/// A published aggregate the model is fitted to (`fundsim calibrate --targets`).
public struct CalibrationTarget: Sendable, Hashable {
    /// What is measured.
    public enum Kind: Sendable, Hashable {
        /// Admissions (inpatient and major-disease claims) per registered poor person-year.
        case admissionRate
        /// Out-of-pocket ÷ total cost.
        case outOfPocketShare
        /// The three-layer ratio (三重保障): payments of the plan's first three tiers (basic
        /// insurance, critical-illness insurance, medical assistance) ÷ total cost.
        case threeLayerRatio
        /// A tier's payments per registered poor person-year (e.g. `backstop_per_person`: the backstop spent per person).
        case tierPerPerson(tier: Int)
    }

    /// The id as written (`admission_rate`, `oop_share`, `three_layer_ratio`, `TIER_per_person`).
    public var id: String
    /// What it measures.
    public var kind: Kind
    /// The published value.
    public var value: Double
    /// Its unit (checked against the kind).
    public var unit: String
    /// Where it was published.
    public var source: String
    /// Its weight in the objective (default 1).
    public var weight: Double
    /// The line of the targets file.
    public var line: Int

    /// The unit each kind must be given in.
    public static func unit(of kind: Kind) -> String {
        switch kind {
        case .admissionRate: "per_person_year"
        case .outOfPocketShare, .threeLayerRatio: "share"
        case .tierPerPerson: "yuan_per_person_year"
        }
    }
}

/// Reads a targets file: CSV with a header naming `target`, `value`, `unit`,
/// `source` and optionally `weight` (any order, no other column). One row per
/// target; see ``CalibrationTarget/Kind`` for the ids. A malformed file stops with
/// a ``ClaimsFileError`` naming file, line, column and what was expected.
public enum TargetsFile {
    /// The columns a targets file may have.
    public static let columns = ["target", "value", "unit", "source", "weight"]

    /// Parses `text` (the file `name`) for a plan with these tier ids.
    public static func parse(_ text: String, name: String, tierIDs: [String]) throws(ClaimsFileError) -> [CalibrationTarget] {
        let records = try split(text, name: name)
        guard let (headerLine, header) = records.first else {
            throw ClaimsFileError(file: name, line: 1, column: nil, message: "is empty; expected a header: target,value,unit,source[,weight]")
        }
        var index: [String: Int] = [:]
        for (i, column) in header.enumerated() {
            let name0 = column.trimmingCharacters(in: .whitespaces)
            guard columns.contains(name0) else {
                throw ClaimsFileError(file: name, line: headerLine, column: name0, message: "is not a column of a targets file; expected target, value, unit, source and optionally weight")
            }
            guard index[name0] == nil else {
                throw ClaimsFileError(file: name, line: headerLine, column: name0, message: "appears twice in the header; expected each column once")
            }
            index[name0] = i
        }
        for required in columns.prefix(4) where index[required] == nil {
            throw ClaimsFileError(file: name, line: headerLine, column: required, message: "missing from the header; expected target, value, unit, source (any order) and optionally weight")
        }
        var targets: [CalibrationTarget] = []
        let known = "admission_rate, oop_share, three_layer_ratio, " + tierIDs.map { "\($0)_per_person" }.joined(separator: ", ")
        for (line, fields) in records.dropFirst() {
            guard fields.count == header.count else {
                throw ClaimsFileError(file: name, line: line, column: nil, message: "has \(fields.count) fields; expected \(header.count), as the header")
            }
            func field(_ column: String) -> String? { index[column].map { fields[$0].trimmingCharacters(in: .whitespaces) } }
            let id = field("target")!
            let kind: CalibrationTarget.Kind
            switch id {
            case "admission_rate": kind = .admissionRate
            case "oop_share": kind = .outOfPocketShare
            case "three_layer_ratio":
                guard tierIDs.count >= 3 else {
                    throw ClaimsFileError(file: name, line: line, column: "target", message: "three_layer_ratio needs a plan of at least three tiers; this one has \(tierIDs.count)")
                }
                kind = .threeLayerRatio
            default:
                guard id.hasSuffix("_per_person"), let t = tierIDs.firstIndex(of: String(id.dropLast("_per_person".count))) else {
                    throw ClaimsFileError(file: name, line: line, column: "target", message: "'\(id.prefix(60))' is not a target; expected one of \(known)")
                }
                kind = .tierPerPerson(tier: t)
            }
            guard !targets.contains(where: { $0.id == id }) else {
                throw ClaimsFileError(file: name, line: line, column: "target", message: "'\(id)' is given twice; expected each target once")
            }
            let unit = field("unit")!
            let expectedUnit = CalibrationTarget.unit(of: kind)
            guard unit == expectedUnit else {
                throw ClaimsFileError(file: name, line: line, column: "unit", message: "'\(unit.prefix(40))' is not the unit of \(id); expected \(expectedUnit)")
            }
            let valueText = field("value")!
            guard let value = Double(valueText), value.isFinite, value >= 0, expectedUnit != "share" || value <= 1 else {
                throw ClaimsFileError(file: name, line: line, column: "value", message: "'\(valueText.prefix(40))' is not a value of \(id); expected a number \(expectedUnit == "share" ? "in [0, 1]" : "≥ 0")")
            }
            let source = field("source")!
            guard !source.isEmpty else {
                throw ClaimsFileError(file: name, line: line, column: "source", message: "is empty; expected where the figure was published")
            }
            var weight = 1.0
            if let text = field("weight"), !text.isEmpty {
                guard let w = Double(text), w.isFinite, w > 0 else {
                    throw ClaimsFileError(file: name, line: line, column: "weight", message: "'\(text.prefix(40))' is not a weight; expected a number > 0, or empty for 1")
                }
                weight = w
            }
            targets.append(CalibrationTarget(id: id, kind: kind, value: value, unit: unit, source: source, weight: weight, line: line))
        }
        guard !targets.isEmpty else {
            throw ClaimsFileError(file: name, line: headerLine, column: nil, message: "has no target rows; expected at least one")
        }
        return targets
    }

    /// The records of `text` (the file `name`) with the line each starts on, read by the claims
    /// file's scanner (``CSVRecordReader``): blank lines skipped, a malformed record refused with its line.
    static func split(_ text: String, name: String) throws(ClaimsFileError) -> [(Int, [String])] {
        let reader = CSVRecordReader(bytes: Array(text.utf8), name: name)
        var records: [(Int, [String])] = []
        while try reader.next() { records.append((reader.line, (0..<reader.count).map(reader.string))) }
        return records
    }
}
