/// A scenario that cannot be loaded: where (file, line, dotted field path) and
/// what was expected. Loading stops at the first error, so the message can be
/// specific; the CLI prints ``description``.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (a path, or `builtin:NAME` for an embedded scenario, or the name given to ``ScenarioLoader/load(yaml:sourceName:)``).
    public var file: String
    /// The 1-based line of the offending node; 0 when the error concerns the whole file (e.g. it cannot be read).
    public var line: Int
    /// The dotted path of the field, e.g. `tiers[basic_insurance].rules[inpatient].coinsurance.ratio.county`; empty for file-level errors.
    public var field: String
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: FIELD: MESSAGE`; the line is left out when 0 and the field when empty.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        text += ": "
        if !field.isEmpty { text += field + ": " }
        return text + message
    }
}
