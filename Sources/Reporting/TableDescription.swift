/// One column of an output table: its name, type, meaning, unit and the
/// values it may take.
///
/// Why: a table's header and its machine-readable schema (`datapackage.json`)
/// must not drift apart, so both are made from one list of fields: the CSV
/// header is `fields.map(\.name)`, the Table Schema is the same list as JSON.
public struct TableField: Sendable, Hashable {
    /// The Table Schema types the tables use.
    public enum FieldType: String, Sendable, Hashable {
        /// Text.
        case string
        /// A whole number, e.g. a year or a count of draws.
        case integer
        /// A decimal number.
        case number
        /// `true` or `false`.
        case boolean
    }

    /// Column name (the CSV header field).
    public var name: String
    /// Table Schema type.
    public var type: FieldType
    /// What the column holds, for a person reading the schema.
    public var description: String
    /// The unit of the values (`yuan`, `people`, …) when the whole column has
    /// one; `nil` for text, or when the unit is given per row by a `unit` column.
    public var unit: String?
    /// Whether every row has a value (an empty cell is a missing value).
    public var required: Bool
    /// The only values allowed, when the column is an enumeration (e.g. `region_level`).
    public var allowedValues: [String]?
    /// The smallest allowed value of a numeric column.
    public var minimum: Double?
    /// The largest allowed value of a numeric column.
    public var maximum: Double?

    /// Creates a field; see the properties.
    public init(_ name: String, _ type: FieldType, _ description: String, unit: String? = nil, required: Bool = true,
                allowedValues: [String]? = nil, minimum: Double? = nil, maximum: Double? = nil) {
        self.name = name
        self.type = type
        self.description = description
        self.unit = unit
        self.required = required
        self.allowedValues = allowedValues
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// The description of one output table: its file, title, meaning, columns and
/// the columns that identify a row.
///
/// Build a table with ``Table`` from its description; ``OutputDirectory``
/// records the description of every table it writes and puts them, as a
/// Frictionless Data Package, in the folder's `datapackage.json`.
public struct TableDescription: Sendable, Hashable {
    /// The resource name in the data package (lowercase, e.g. `forecast`).
    public var name: String
    /// The file name inside the output folder (e.g. `forecast.csv`).
    public var path: String
    /// One line saying what the table is.
    public var title: String
    /// More detail: what a row is, how values were computed.
    public var description: String
    /// The columns, in order.
    public var fields: [TableField]
    /// The columns whose values together identify a row (none when empty).
    public var primaryKey: [String]

    /// Creates a description; field names must be unique and the primary key must name fields.
    public init(name: String, path: String, title: String, description: String, fields: [TableField], primaryKey: [String] = []) {
        precondition(Set(fields.map(\.name)).count == fields.count, "duplicate field name in table \(name)")
        precondition(primaryKey.allSatisfy { key in fields.contains { $0.name == key } }, "primary key of \(name) names a missing field")
        self.name = name
        self.path = path
        self.title = title
        self.description = description
        self.fields = fields
        self.primaryKey = primaryKey
    }

    /// The CSV header: the field names in order.
    public var header: [String] { fields.map(\.name) }
}

/// A table being built: its description and its CSV text, whose header is the
/// description's field names.
public struct Table: Sendable {
    /// What the table is.
    public let description: TableDescription
    /// The CSV text so far.
    public private(set) var csv: CSVWriter

    /// Starts an empty table (header only).
    public init(_ description: TableDescription) {
        self.description = description
        csv = CSVWriter(header: description.header)
    }

    /// Appends one row, as long as the header.
    public mutating func append(_ row: [String]) {
        csv.append(row)
    }

    /// The CSV text: header and rows.
    public var text: String { csv.text }
}
