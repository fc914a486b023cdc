/// A claims file that breaks the contract of POLICY.md section 10, located
/// precisely enough to fix it: the file, the 1-based line, the column (by its
/// header name) and what was expected, e.g.
/// `claims.csv:7: column total_cost: expected a non-negative yuan amount with at most two decimals, got "-5"`.
public struct ClaimsFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line of the record (the header is line 1 unless preceded by blank
    /// lines); 0 when the file cannot be read at all (missing, not a regular file, unreadable).
    public var line: Int
    /// The column's header name, or `nil` when the problem is the record as a whole (a CSV syntax error).
    public var column: String?
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// "FILE:LINE: column COLUMN: MESSAGE" (no column part when there is none, no line when it is 0).
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        if let column { return "\(place): column \(column): \(message)" }
        return "\(place): \(message)"
    }

    /// Whether the file could not be read at all (missing, a folder, unreadable), as opposed to bad content.
    public var isUnreadable: Bool { line == 0 && column == nil }
}
