import ArgumentParser
import Foundation

/// How the CLI reports a user's bad input: `error: …` on standard error and
/// exit status 2, without the usage text (the input was wrong, not the command line).
enum Diagnostics {
    /// Exit status for bad input (a malformed claims or scenario file, an unreadable file).
    static let badInput = ExitCode(2)

    /// Prints `error: message` to standard error and returns the exit code to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return badInput
    }

    /// Writes text to standard output as is.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
