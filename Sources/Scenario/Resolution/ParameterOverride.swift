/// One `PATH=VALUE` assignment (from `--set`, an overlay's `set:` block, or a
/// sweep point), applied to the scenario document **before** it is parsed, so
/// that every check of the loader applies to the new value.
///
/// `path` is a ``ParameterPath`` text (see `Scenarios/FORMAT.md`, "Parameter
/// paths"); a path that ends at a quantity (`{value: …, unit, source}`) sets its
/// `value`. `value` is YAML scalar text (`0.9`, `2.0e-05`, `true`). `origin` says
/// where the assignment came from and is where errors point: `"--set"` for the
/// command line, or `"FILE:LINE"`. `source`, when given, becomes the changed
/// number's source (for a table entry it is appended to the table's source);
/// without one the origin is recorded as the source.
public struct ParameterOverride: Sendable, Hashable {
    /// The parameter path, e.g. `tiers.backstop.out_of_pocket_limit.line.by_year.2018`.
    public var path: String
    /// The new value as YAML scalar text.
    public var value: String
    /// `"--set"` or `"FILE:LINE"`: where errors about this assignment point.
    public var origin: String
    /// The source to record for the new value, if any.
    public var source: String?

    /// Creates an assignment.
    public init(path: String, value: String, origin: String = "--set", source: String? = nil) {
        self.path = path
        self.value = value
        self.origin = origin
        self.source = source
    }

    /// Parses `PATH=VALUE` as given to `--set` (the first `=` splits; spaces around either part are trimmed).
    public static func parse(_ assignment: String, origin: String = "--set") throws(ScenarioError) -> ParameterOverride {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ScenarioError(file: origin, line: 0, field: "", message: "expected PATH=VALUE, found '\(assignment.prefix(200))'")
        }
        let path = assignment[..<equals].trimmingCharacters(in: .whitespaces)
        let value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { throw ScenarioError(file: origin, line: 0, field: "", message: "missing the path before '=' in '\(assignment.prefix(200))'") }
        guard !value.isEmpty else { throw ScenarioError(file: origin, line: 0, field: path, message: "missing the value after '='") }
        return ParameterOverride(path: path, value: value, origin: origin, source: nil)
    }

    /// The file and line errors about this assignment name: `--set PATH=VALUE` (line 0) for
    /// the command line, the file and line of a `FILE:LINE` origin, else the origin as is.
    var location: (file: String, line: Int) {
        if origin == "--set" { return ("--set \(path)=\(value.prefix(200))", 0) }
        if let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]), line > 0 {
            return (String(origin[..<colon]), line)
        }
        return (origin, 0)
    }
}

/// One file of a scenario's `extends` chain, as recorded in the manifest.
public struct ScenarioFile: Sendable, Hashable {
    /// A path as given (or resolved relative to the overlay naming it), or `builtin:NAME`.
    public var name: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String

    /// Creates a record.
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

import Foundation
