#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A file written as a stream of chunks that appears at its final place only
/// when complete: ``AtomicFile`` for output too large to hold in memory.
///
/// Why: `fundsim settle` writes a settled file as large as its input (gigabytes
/// for a province's yearly extract) and must never leave a partial file, on an
/// error or a kill. The chunks go to `.<name>.tmp-<pid>-<n>` in the target's
/// folder (same file system), registered with ``CleanupOnSignal`` from its
/// creation, so SIGINT or SIGTERM removes it; ``commit()`` flushes it
/// (`fsync`) and renames it over the target (atomic in POSIX); ``discard()``
/// removes it. An earlier file at the target is untouched until the rename.
public final class AtomicFileStream {
    /// The final path.
    public let path: String
    /// The temporary path being written.
    public let temporaryPath: String
    private var fd: Int32
    private let token: CleanupOnSignal.Token
    private var finished = false

    /// Creates the temporary file next to `path` (whose folder must exist).
    public init(path: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let directory = target.deletingLastPathComponent()
        let serial = AtomicFileStream.counter.add(1, ordering: .relaxed).newValue
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(serial)").path
        var descriptor: Int32 = -1
        token = try CleanupOnSignal.track(temporary) {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw ReportingError.system("create", temporary, errno) }
        }
        self.path = target.path
        self.temporaryPath = temporary
        self.fd = descriptor
    }

    /// The open file descriptor of the temporary file, for writing.
    public var fileDescriptor: Int32 { fd }

    /// Appends bytes to the temporary file (retrying short writes and EINTR).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportingError.system("write", temporaryPath, errno)
            }
            offset += written
        }
    }

    /// Flushes the temporary file and renames it over the target. On failure the
    /// temporary file is removed and the target untouched.
    public func commit() throws {
        precondition(!finished, "AtomicFileStream committed or discarded twice")
        finished = true
        do {
            guard fsync(fd) == 0 else { throw ReportingError.system("fsync", temporaryPath, errno) }
            let closed = close(fd)
            fd = -1
            guard closed == 0 else { throw ReportingError.system("close", temporaryPath, errno) }
            try CleanupOnSignal.commit(token) {
                guard rename(temporaryPath, path) == 0 else {
                    throw ReportingError.system("rename to \(path)", temporaryPath, errno)
                }
            }
        } catch {
            if fd >= 0 { _ = close(fd); fd = -1 }
            unlink(temporaryPath)
            throw error
        }
        AtomicFile.syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    /// Removes the temporary file; the target is untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        if fd >= 0 { _ = close(fd); fd = -1 }
        CleanupOnSignal.remove(token)
    }

    deinit { discard() }

    private static let counter = Atomic<Int>(0)
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
