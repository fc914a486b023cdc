/// A settlement plan that cannot be compiled: the path names the tier, rule and
/// field (e.g. `tiers[basic_insurance].rules[chronic].cap`) so a loader can
/// point back to the file.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the plan: tier id, rule id and field.
    public var path: String
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// "path: message".
    public var description: String { "\(path): \(message)" }
}
