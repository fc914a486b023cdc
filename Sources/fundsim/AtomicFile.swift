import Foundation

/// Writes a file all at once or not at all: the text goes to a temporary file
/// in the destination's directory, which is then renamed over the destination.
/// A run that fails before the rename leaves no output file (and no half-written
/// one), as POLICY.md section 10 requires of `fundsim settle --out`.
struct AtomicFile {
    /// The destination path.
    let path: String

    /// Writes `bytes`, replacing any existing file at `path`; throws a message on failure.
    func write(_ bytes: [UInt8]) throws(AtomicFileError) {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0 ... .max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw AtomicFileError(message: "\(path): cannot write a temporary file in \(directory.path)")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicFileError(message: "\(path): cannot move the output into place: \(reason)")
        }
    }
}

/// A failure of ``AtomicFile/write(_:)``, with the path in its message.
struct AtomicFileError: Error {
    /// What went wrong.
    let message: String
}
