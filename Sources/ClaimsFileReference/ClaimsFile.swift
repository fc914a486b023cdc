import ClaimsFile
import PolicyCatalog
import Settlement

/// The claims-file reader of fundsim 0.1.0 (commit bf294d4), kept unchanged as
/// the reference that the streaming settlement of the `ClaimsFile` module is
/// tested against (byte-identical output) and benchmarked against
/// (`fundsim-bench settle-file`). It reads the whole file into memory with a
/// `String` per field; `fundsim` itself does not link it.
///
/// A parsed and validated claims file (POLICY.md section 10): a header row
/// naming the columns in any order, then one claim per row. Columns the
/// settlement does not read are kept, so that the output can carry them through.
///
/// Beyond the contract, two optional columns set a person's attributes that the
/// engine's filters can test: `poverty_status` (`in_poverty` default,
/// `exited_poverty`) and `welfare_category` (`registered_poor` default,
/// `minimum_living_allowance`, `extreme_poverty`). Booleans are `true`/`false`
/// or `1`/`0` (letter case ignored). An empty `consultation_fee`, `year`,
/// `poverty_status` or `welfare_category` cell takes the default, as if the
/// column were absent.
public struct ReferenceClaimsFile: Hashable, Sendable {
    /// The file's name as shown in errors (`claims.csv`).
    public var name: String
    /// The header fields, in file order.
    public var header: [String]
    /// The 1-based line of the header row.
    public var headerLine: Int
    /// The rows, in file order.
    public var records: [ReferenceClaimRecord]

    /// Parses and validates a claims file from its bytes.
    ///
    /// - Parameters:
    ///   - name: the file's name for error messages.
    ///   - bytes: the UTF-8 contents.
    ///   - defaultYear: the year of rows when the file has no `year` column (the scenario's first year).
    ///   - catalog: the catalog disease codes are looked up in.
    /// - Throws: the first ``ClaimsFileError``, naming the line, column and what was expected.
    public init(name: String, bytes: [UInt8], defaultYear: Int, catalog: DiseaseCatalog = .standard) throws(ClaimsFileError) {
        self.name = name
        var reader = ReferenceCSVReader(bytes: bytes)
        func next() throws(ClaimsFileError) -> ReferenceCSVRecord? {
            do { return try reader.next() } catch {
                throw ClaimsFileError(file: name, line: error.line, column: nil, message: error.message)
            }
        }
        guard let headerRecord = try next() else {
            throw ClaimsFileError(file: name, line: 1, column: nil,
                                  message: "empty file; expected a header row naming the columns \(ClaimColumn.required.map(\.rawValue).joined(separator: ", "))")
        }
        header = headerRecord.fields
        headerLine = headerRecord.line
        let layout = try ColumnLayout(header: header, file: name, line: headerRecord.line)
        var rows: [ReferenceClaimRecord] = []
        while let record = try next() {
            rows.append(try layout.parse(record, file: name, defaultYear: defaultYear, catalog: catalog))
        }
        records = rows
    }

    /// Parses and validates a claims file from text; see ``init(name:bytes:defaultYear:catalog:)``.
    public init(name: String, text: String, defaultYear: Int, catalog: DiseaseCatalog = .standard) throws(ClaimsFileError) {
        try self.init(name: name, bytes: Array(text.utf8), defaultYear: defaultYear, catalog: catalog)
    }
}
