import Foundation

/// `forecast.csv` of a run, read for checks: the mean of each (year, region, item).
struct ForecastCSV {
    /// One row's key.
    struct Key: Hashable {
        var year: Int
        var region: String
        var item: String
    }

    /// Means by (year, region id, item).
    var means: [Key: Double] = [:]
    /// Items in file order (as first seen).
    var items: [String] = []
    /// Years in file order.
    var years: [Int] = []
    /// Region ids in file order.
    var regions: [String] = []

    /// Reads the file; fields may be quoted (RFC 4180, no line breaks inside fields).
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map { Self.fields(of: String($0)) }
        guard let header = lines.first else { return }
        let column = { (name: String) -> Int in header.firstIndex(of: name)! }
        let (year, region, item, mean) = (column("year"), column("region_id"), column("item"), column("mean"))
        for row in lines.dropFirst() {
            let key = Key(year: Int(row[year])!, region: row[region], item: row[item])
            means[key] = Double(row[mean])!
            if !items.contains(key.item) { items.append(key.item) }
            if !years.contains(key.year) { years.append(key.year) }
            if !regions.contains(key.region) { regions.append(key.region) }
        }
    }

    /// The mean of an item, or `nil` when the file has no such row.
    func mean(_ year: Int, _ region: String, _ item: String) -> Double? {
        means[Key(year: year, region: region, item: item)]
    }

    /// Splits a CSV line, honouring double quotes.
    static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var previous: Character?
        for c in line {
            if c == "\"" {
                if quoted && previous == "\"" { current.append("\"") }
                quoted.toggle()
            } else if c == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            previous = c
        }
        fields.append(current)
        return fields
    }
}
