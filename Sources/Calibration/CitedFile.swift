/// One input file of a calibration as the overlay cites it: the name the user
/// gave, the SHA-256 of its bytes and the number of data rows read. (Opening
/// and reading input files is `Reporting.InputFile`'s.)
public struct CitedFile: Hashable, Sendable {
    /// The file as the user named it.
    public var name: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Data rows (records after the header).
    public var rows: Int

    /// Creates a file record.
    public init(name: String, sha256: String, rows: Int) {
        self.name = name
        self.sha256 = sha256
        self.rows = rows
    }

    /// The last path component, as sources cite it (`claims-2018.csv`).
    public var baseName: String { name.split(separator: "/").last.map(String.init) ?? name }
}
