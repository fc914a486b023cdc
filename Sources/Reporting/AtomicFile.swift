import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Writes a file so that readers see either the old content or the whole new
/// content, never a partial file.
///
/// Why: a forecast killed mid-write (Ctrl-C, out of memory, power loss) must
/// not leave a truncated CSV that looks valid. The data goes to a temporary
/// file `.<name>.tmp-<pid>-<n>` in the same directory (same file system),
/// is flushed with `fsync`, then `rename(2)`d over the target, which POSIX
/// makes atomic; the directory is fsynced so the rename itself is durable.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, replacing any existing file. The
    /// directory must exist. On failure the temporary file is removed and the
    /// target is untouched.
    public static func write(_ data: Data, to url: URL) throws {
        let target = url.standardizedFileURL
        let directory = target.deletingLastPathComponent()
        let serial = counter.add(1, ordering: .relaxed).newValue
        let temporary = directory.appendingPathComponent(
            ".\(target.lastPathComponent).tmp-\(getpid())-\(serial)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportingError.system("create", temporary.path, errno) }
        do {
            try writeAll(data, to: fd, path: temporary.path)
            guard fsync(fd) == 0 else { throw ReportingError.system("fsync", temporary.path, errno) }
            let closed = close(fd)
            guard closed == 0 else { throw ReportingError.system("close", temporary.path, errno) }
            guard rename(temporary.path, target.path) == 0 else {
                throw ReportingError.system("rename to \(target.path)", temporary.path, errno)
            }
        } catch {
            _ = close(fd)  // harmless EBADF when already closed
            unlink(temporary.path)
            throw error
        }
        syncDirectory(directory)
    }

    /// Writes `text` as UTF-8 to `url` atomically; see `write(_:to:)` for `Data`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Flushes a directory's entries (a rename or a new file) to disk; best
    /// effort, since some file systems refuse `fsync` on directories.
    static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    private static let counter = Atomic<Int>(0)

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ReportingError.system("write", path, errno)
                }
                offset += written
            }
        }
    }
}
