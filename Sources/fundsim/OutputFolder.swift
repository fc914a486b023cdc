import Foundation
import Reporting

extension OutputDirectory {
    /// Opens the output folder of a command before any work is done: a destination that is a file or a
    /// folder fundsim did not write fails at once (``ExitStatus/cannotWrite``); litter of interrupted runs
    /// beside it is removed, and an earlier fundsim output that will be replaced is announced on standard error.
    static func open(_ path: String, quiet: Bool) throws -> OutputDirectory {
        let output = try create(path)
        if !quiet && !output.cleaned.isEmpty {
            Diagnostics.note("removed \(output.cleaned.count) staging folder(s) left by interrupted runs: \(output.cleaned.joined(separator: ", "))")
        }
        if let earlier = output.replacing {
            // Said even with --quiet: a result is about to be replaced.
            Diagnostics.note("\(path) holds an earlier fundsim output (\(earlier.scenarioName), \(earlier.draws) draws, seed \(earlier.seed), "
                             + "\(ISO8601DateFormatter().string(from: earlier.startTime))); it will be replaced when this run completes")
        }
        return output
    }

    private static func create(_ path: String) throws -> OutputDirectory {
        do { return try OutputDirectory(URL(fileURLWithPath: path)) } catch {
            throw Diagnostics.fail("\(error)", .cannotWrite)
        }
    }
}
