/// A calibration that cannot be done with the inputs given, though each file
/// reads: a county the base scenario does not have, a base without a
/// simulation model, an empty roster.
public struct CalibrationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
