#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of writing output, with the path and the system's reason.
///
/// Why: a user whose run could not save its results needs to know which file
/// and why (disk full, permission), not a bare error code.
public enum ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call (`operation`) on `path` failed with `errno` code.
    case system(_ operation: String, _ path: String, _ code: Int32)
    /// An `OutputDirectory` target exists but is not a directory.
    case notADirectory(_ path: String)
    /// An `OutputDirectory` target is a non-empty folder without a fundsim `manifest.json`: never replaced.
    case notFundsimOutput(_ path: String)

    /// One line for the user: operation, path and the system's message.
    public var description: String {
        switch self {
        case let .system(operation, path, code):
            return "\(operation) \(path): \(String(cString: strerror(code)))"
        case let .notADirectory(path):
            return "\(path) exists and is not a directory; not replacing it with an output folder"
        case let .notFundsimOutput(path):
            return "\(path) is a folder that fundsim did not write (it has no fundsim manifest.json); "
                + "not replacing it: remove it yourself or choose another output folder"
        }
    }
}
