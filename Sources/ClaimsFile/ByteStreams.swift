import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a claims file's bytes come from: a file, standard input, or memory.
/// Reads are in blocks; a short read is not the end, only a read of 0 bytes is.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Where settled output goes: a file, standard output, or memory.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A failed read or write, with the file and the system's reason.
public struct ClaimsIOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// `read` or `write`.
    public var operation: String
    /// The `errno` code.
    public var code: Int32

    /// Creates an error.
    public init(file: String, operation: String, code: Int32) {
        self.file = file
        self.operation = operation
        self.code = code
    }

    /// "FILE: cannot read: REASON".
    public var description: String { "\(file): cannot \(operation): \(String(cString: strerror(code)))" }
}

/// Reads an open file descriptor (a file, a pipe, standard input). Does not close it.
public final class FileDescriptorSource: ByteSource {
    /// The descriptor read from.
    public let fileDescriptor: Int32
    /// The name used in errors.
    public let name: String

    /// Wraps a descriptor.
    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
    }

    /// Reads with `read(2)`, retrying on EINTR.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = systemRead(fileDescriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ClaimsIOError(file: name, operation: "read", code: errno)
        }
    }
}

/// Bytes in memory, handed out at most `chunk` at a time (tests use a small
/// `chunk` to make reads end anywhere, as a pipe's do).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    /// Creates a source over `bytes`, returning at most `chunk` bytes per read.
    public init(_ bytes: [UInt8], chunk: Int = .max) {
        precondition(chunk > 0)
        self.bytes = bytes
        self.chunk = chunk
    }

    /// Copies the next bytes.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunk, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}

/// Writes to an open file descriptor. Does not close it.
public final class FileDescriptorSink: ByteSink {
    /// The descriptor written to.
    public let fileDescriptor: Int32
    /// The name used in errors.
    public let name: String

    /// Wraps a descriptor.
    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
    }

    /// Writes everything, retrying short writes and EINTR.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ClaimsIOError(file: name, operation: "write", code: errno)
            }
            offset += n
        }
    }
}

/// Starts writing `count` bytes of an open file from `offset` to disk and
/// returns at once (Linux `sync_file_range`; nothing elsewhere). A writer that
/// calls it every few megabytes makes the final `fsync` wait for the last of
/// them only, instead of for the whole file. A hint: a failure surfaces in that `fsync`.
public func startWriteBack(fileDescriptor: Int32, offset: Int64, count: Int64) {
    _ = fundsim_start_writeback(fileDescriptor, offset, count)
}

/// Collects output in memory (tests, small files).
public final class MemorySink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    public init() {}

    /// Appends the bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }

    /// The bytes as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif
