import ArgumentParser
import Foundation
import Reporting

/// The exit statuses of every subcommand, one per kind of failure (README, "Exit status").
///
/// Why: a script calling fundsim must tell "you called me wrongly" from "your
/// file is wrong", "your file is missing" and "I could not save the result"
/// without parsing messages; the same mistake gives the same status in every subcommand.
enum ExitStatus: Int32, CaseIterable {
    /// Success.
    case success = 0
    /// A bug in fundsim (an unexpected error); please report it.
    case internalError = 1
    /// Bad input data: a malformed scenario or claims file, or one that breaks the contract.
    case badInput = 2
    /// Missing input: a file or built-in scenario that does not exist or cannot be read (or is a folder).
    case missingInput = 3
    /// The output cannot be written: the destination is a file or a folder fundsim did not write, or the disk refused.
    case cannotWrite = 4
    /// Usage: an unknown subcommand or option, or an option value out of range (`--draws 0`, `--years` outside the horizon).
    case usage = 64

    /// The status as ArgumentParser's exit code.
    var code: ExitCode { ExitCode(rawValue) }
}

/// How the CLI reports a failure: `error: …` on standard error and the exit
/// status of its kind, without the usage text (the input was wrong, not the command line).
enum Diagnostics {
    /// Prints `error: message` to standard error and returns the exit code to throw.
    static func fail(_ message: String, _ status: ExitStatus = .badInput) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return status.code
    }

    /// The exit code of a failure while writing an output folder or running into it:
    /// output problems are ``ExitStatus/cannotWrite``; anything else keeps `otherwise`.
    static func fail(writing path: String, _ error: any Error, otherwise: ExitStatus = .badInput) -> ExitCode {
        if let code = error as? ExitCode { return code }
        let isOutput = error is ReportingError || error is CocoaError
        return fail(isOutput ? "\(error)" : "\(path): \(error)", isOutput ? .cannotWrite : otherwise)
    }

    /// Writes a note to standard error (e.g. that an earlier output will be replaced).
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("note: \(message)\n".utf8))
    }

    /// Writes text to standard output as is.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Checks that a named input file exists, is a regular file (not a folder, FIFO or
    /// device, which would block or never end) and is readable; otherwise fails with
    /// ``ExitStatus/missingInput`` and what is wrong. `what` names it (`scenario file`, `claims file`).
    static func requireReadableFile(_ path: String, _ what: String) throws {
        do { try InputFile.check(path, what: what) } catch { throw fail(error.description, .missingInput) }
    }
}
