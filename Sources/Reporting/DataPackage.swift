import Foundation

/// `datapackage.json`: a Frictionless (Tabular) Data Package describing every
/// CSV table of an output folder with a Table Schema — each column's type,
/// description, unit and constraints — so that tools (frictionless, pandas,
/// R, Excel Power Query) can read and check the tables without guessing.
///
/// Why: a table without a schema is read by guessing types and meanings; the
/// schema is generated from the same ``TableDescription`` that writes the CSV
/// header, so the two cannot disagree. `frictionless validate datapackage.json`
/// checks every table against its schema.
public struct DataPackage: Sendable, Hashable {
    /// File name the package descriptor is written under.
    public static let fileName = "datapackage.json"

    /// Package name: lowercase letters, digits, `-`, `.`, `_` (see ``slug(_:)``).
    public var name: String
    /// Human-readable title.
    public var title: String
    /// What the folder is (e.g. the run's scenario, seed and draws).
    public var description: String
    /// The tables, in the order they were written.
    public var tables: [TableDescription]

    /// Creates a package; `name` is made a valid package name with ``slug(_:)``.
    public init(name: String, title: String, description: String, tables: [TableDescription]) {
        self.name = Self.slug(name)
        self.title = title
        self.description = description
        self.tables = tables
    }

    /// `text` lowercased, with every character other than `a-z`, `0-9`, `-`, `.`, `_` replaced by `-`
    /// (the Data Package name pattern); `output` when nothing is left.
    public static func slug(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-._")
        let slug = String(text.lowercased().map { allowed.contains($0) ? $0 : "-" })
        return slug.isEmpty ? "output" : slug
    }

    /// The descriptor as pretty-printed JSON with sorted keys and a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Descriptor(self)) + Data("\n".utf8)
    }

    // MARK: - The JSON shape (Data Package v1 with Table Schema)

    private struct Descriptor: Encodable {
        let profile = "tabular-data-package"
        let name: String
        let title: String
        let description: String
        let resources: [Resource]

        init(_ package: DataPackage) {
            name = package.name
            title = package.title
            description = package.description
            resources = package.tables.map(Resource.init)
        }
    }

    private struct Resource: Encodable {
        let profile = "tabular-data-resource"
        let name: String
        let path: String
        let title: String
        let description: String
        let format = "csv"
        let mediatype = "text/csv"
        let encoding = "utf-8"
        let dialect = Dialect()
        let schema: Schema

        init(_ table: TableDescription) {
            name = DataPackage.slug(table.name)
            path = table.path
            title = table.title
            description = table.description
            schema = Schema(fields: table.fields.map(Field.init), primaryKey: table.primaryKey.isEmpty ? nil : table.primaryKey)
        }
    }

    private struct Dialect: Encodable {
        let delimiter = ","
        let quoteChar = "\""
        let doubleQuote = true
        let header = true
    }

    private struct Schema: Encodable {
        let fields: [Field]
        let primaryKey: [String]?
        /// An empty cell is a missing value (e.g. a statistic that is undefined).
        let missingValues = [""]
    }

    private struct Field: Encodable {
        let name: String
        let type: String
        let description: String
        let unit: String?
        let constraints: Constraints

        init(_ field: TableField) {
            name = field.name
            type = field.type.rawValue
            description = field.description
            unit = field.unit
            constraints = Constraints(required: field.required ? true : nil, enum: field.allowedValues,
                                      minimum: field.minimum.map(Bound.init), maximum: field.maximum.map(Bound.init))
        }
    }

    private struct Constraints: Encodable {
        let required: Bool?
        let `enum`: [String]?
        let minimum: Bound?
        let maximum: Bound?
    }

    /// A numeric bound, written as an integer when it is one (`0`, not `0.0`).
    private struct Bound: Encodable {
        let value: Double
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        }
    }
}
