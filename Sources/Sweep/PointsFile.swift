import Foundation
import Reporting
import Scenario

/// The CSV of a `points` design: a header of parameter paths, then one row per
/// point (e.g. a Saltelli or Morris sample written by SALib). An optional first
/// column named `point` is ignored (the sweep numbers points in row order).
enum PointsFile {
    /// The swept parameters (one per column) and each row's values with its line.
    static func read(_ path: String) throws(ScenarioError) -> ([SweptParameter], [(values: [String], line: Int)]) {
        let data: Data
        do { data = try InputFile.read(path, what: "points .csv file") } catch {
            throw ScenarioError(file: path, line: 0, field: "", message: error.message)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 0, field: "", message: "not valid UTF-8 text")
        }
        var reader = PointsCSVReader(text: text, file: path)
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
            throw ScenarioError(file: path, line: 0, field: "", message: "\(error)")
        }
    }
}

/// A small RFC 4180 reader for a points file: comma-separated fields, quoted
/// fields with doubled quotes, CRLF or LF line ends, a UTF-8 byte-order mark;
/// empty lines are skipped; every record carries the line it starts on.
struct PointsCSVReader {
    private var characters: [Character]
    private var position = 0
    private var line = 1
    let file: String

    init(text: String, file: String) {
        characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        self.file = file
    }

    /// The next record's fields and starting line, or `nil` at the end.
    mutating func next() throws(ScenarioError) -> (fields: [String], line: Int)? {
        while position < characters.count, characters[position] == "\n" || characters[position] == "\r\n" || characters[position] == "\r" {
            position += 1
            line += 1
        }
        guard position < characters.count else { return nil }
        let start = line
        var fields: [String] = []
        var field = ""
        var quoted = false
        while position < characters.count {
            let c = characters[position]
            if quoted {
                if c == "\"" {
                    if position + 1 < characters.count, characters[position + 1] == "\"" {
                        field.append("\"")
                        position += 2
                        continue
                    }
                    quoted = false
                    position += 1
                    guard position >= characters.count || [",", "\n", "\r\n", "\r"].contains(characters[position]) else {
                        throw ScenarioError(file: file, line: line, field: "", message: "expected a comma or a line end after a closing quote")
                    }
                    continue
                }
                if c == "\n" || c == "\r\n" || c == "\r" { line += 1 }
                field.append(c)
                position += 1
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                position += 1
            case "\n", "\r\n", "\r":
                position += 1
                line += 1
                fields.append(field)
                return (fields, start)
            case "\"" where field.isEmpty:
                quoted = true
                position += 1
            case "\"":
                throw ScenarioError(file: file, line: line, field: "", message: "a quote inside an unquoted field; quote the whole field")
            default:
                field.append(c)
                position += 1
            }
        }
        guard !quoted else { throw ScenarioError(file: file, line: start, field: "", message: "unterminated quoted field") }
        fields.append(field)
        return (fields, start)
    }
}
