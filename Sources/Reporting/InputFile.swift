import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading an input file the user named (a scenario, an `extends:` target, a sweep
/// spec, a points CSV, a claims file) only when it is a regular file.
///
/// Why: opening a FIFO (named pipe) for reading blocks until some other process
/// writes to it, and a device such as `/dev/zero` never ends; a folder reads as an
/// opaque system error. Every reader opens with `O_NONBLOCK` (so a FIFO cannot
/// block the open), checks with `fstat` that what it opened is a regular file,
/// and otherwise fails with the path, what it is, and what was expected.
/// (Standard input, `-`, is the caller's business: `settle --claims -` reads it.)
public enum InputFile {
    /// Checks, without opening it, that `path` names a readable regular file; `what`
    /// names the expected input (e.g. `scenario .yaml file`) in the error.
    public static func check(_ path: String, what: String) throws(InputFileError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputFileError(path: path, what: what, problem: .cannotOpen(errno)) }
        if let kind = nonRegularKind(info.st_mode) { throw InputFileError(path: path, what: what, problem: .notRegular(kind)) }
        guard access(path, R_OK) == 0 else { throw InputFileError(path: path, what: what, problem: .cannotOpen(errno)) }
    }

    /// Opens `path` for reading (blocking reads) after checking that it is a regular
    /// file; the caller closes the descriptor.
    public static func open(_ path: String, what: String) throws(InputFileError) -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputFileError(path: path, what: what, problem: .cannotOpen(errno)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw InputFileError(path: path, what: what, problem: .cannotOpen(code))
        }
        if let kind = nonRegularKind(info.st_mode) {
            close(descriptor)
            throw InputFileError(path: path, what: what, problem: .notRegular(kind))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// The whole content of the regular file at `path`; with `maximumBytes`, a larger
    /// file is refused before it is read.
    public static func read(_ path: String, what: String, maximumBytes: Int? = nil) throws(InputFileError) -> Data {
        let descriptor = try open(path, what: what)
        defer { close(descriptor) }
        var info = stat()
        if let maximumBytes, fstat(descriptor, &info) == 0, Int(info.st_size) > maximumBytes {
            throw InputFileError(path: path, what: what, problem: .tooLarge(bytes: Int(info.st_size), limit: maximumBytes))
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputFileError(path: path, what: what, problem: .cannotRead(errno))
            }
            data.append(contentsOf: buffer[0..<count])
            if let maximumBytes, data.count > maximumBytes {  // the file grew while being read
                throw InputFileError(path: path, what: what, problem: .tooLarge(bytes: data.count, limit: maximumBytes))
            }
        }
        return data
    }

    /// What a non-regular file is, in words; `nil` for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}

/// An input file that is missing, not a regular file, unreadable or too large.
public struct InputFileError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// `open` or `stat` failed with this `errno` (e.g. `ENOENT`, `EACCES`).
        case cannotOpen(Int32)
        /// The path is something else than a regular file (described in words).
        case notRegular(String)
        /// `read` failed with this `errno`.
        case cannotRead(Int32)
        /// The file is larger than the reader accepts.
        case tooLarge(bytes: Int, limit: Int)
    }

    /// The path as given.
    public var path: String
    /// The expected input, e.g. `scenario .yaml file`.
    public var what: String
    /// What is wrong.
    public var problem: Problem

    /// The message without the path: e.g. `is a FIFO (named pipe); expected a claims file (a regular file)`.
    public var message: String {
        switch problem {
        case .cannotOpen(ENOENT): "no such \(what)"
        case .cannotOpen(EACCES): "cannot read the \(what) (permission denied)"
        case .cannotOpen(let code): "cannot open the \(what): \(String(cString: strerror(code)))"
        case .notRegular("a folder"): "is a folder; expected a \(what)"
        case .notRegular(let kind): "is \(kind); expected a \(what) (a regular file)"
        case .cannotRead(let code): "cannot read the \(what): \(String(cString: strerror(code)))"
        case let .tooLarge(bytes, limit): "the file is \(bytes) bytes; a \(what) is limited to \(limit) bytes"
        }
    }

    /// `PATH: message`.
    public var description: String { "\(path): \(message)" }
}
