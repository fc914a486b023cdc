#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Removes registered temporary files and folders when the process is stopped
/// by SIGINT (Ctrl-C), SIGTERM (`kill`) or SIGHUP (closed terminal), then lets
/// the signal end the process as it would have (exit status 128 + signal).
///
/// Why: a command that writes to a temporary name and renames it into place at
/// the end (``AtomicFileStream``, staging folders) leaves the temporary behind
/// when it is killed, and nothing ever cleans it. With the path registered for
/// as long as it exists, a kill removes it, and whatever was at the final
/// place before stays intact.
///
/// How: the signal handler only writes one byte to a pipe (async-signal-safe);
/// a dedicated thread reads the pipe, removes every registered path under the
/// registry's lock (any code may run there, so folders are removed
/// recursively), keeps the lock so that nothing new is created or renamed
/// into place, restores the default action and re-raises the signal. Creating
/// and committing (renaming into place) a registered path go through the same
/// lock (``track(_:kind:create:)``, ``commit(_:_:)``), so a signal either
/// arrives before the rename (the temporary is removed, the old result stays)
/// or after it (the new result is complete): never in between.
///
/// Usage:
/// ```swift
/// let token = try CleanupOnSignal.track(tmpPath) { try createTheFile(tmpPath) }
/// … write …
/// try CleanupOnSignal.commit(token) { try rename(tmpPath, finalPath) }
/// // or, on failure: CleanupOnSignal.remove(token)
/// ```
public enum CleanupOnSignal {
    /// What a registered path is, and so how it is removed.
    public enum Kind: Sendable {
        /// A file: `unlink`.
        case file
        /// A folder: removed with everything in it.
        case directory
    }

    /// A registration, returned by ``track(_:kind:create:)``.
    public struct Token: Hashable, Sendable {
        fileprivate let id: Int
        /// The registered path.
        public let path: String
    }

    /// The signals that trigger the cleanup.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `create` (which makes the file or folder at `path`) and registers
    /// `path` for removal on a signal, both under the registry's lock, so that a
    /// signal cannot fall between the creation and the registration. Installs
    /// the signal handlers on first use. Nothing is registered when `create` throws.
    public static func track(_ path: String, kind: Kind = .file, create: () throws -> Void) throws -> Token {
        installOnce()
        return try registry.withLock { state in
            try create()
            state.nextID += 1
            state.entries[state.nextID] = (path, kind)
            return Token(id: state.nextID, path: path)
        }
    }

    /// Runs `action` (typically the `rename` into place) and unregisters the
    /// path, both under the lock: once a signal's cleanup has started, `action`
    /// never runs. The registration is dropped whether or not `action` throws;
    /// on a throw the caller still owns the temporary and should remove it.
    public static func commit(_ token: Token, _ action: () throws -> Void) throws {
        try registry.withLock { state in
            defer { state.entries[token.id] = nil }
            try action()
        }
    }

    /// Removes the registered path now (a failed write) and unregisters it.
    public static func remove(_ token: Token) {
        registry.withLock { state in
            if let entry = state.entries.removeValue(forKey: token.id) { removePath(entry.path, entry.kind) }
        }
    }

    /// The paths currently registered (for tests and diagnostics).
    public static var registeredPaths: [String] {
        registry.withLock { state in state.entries.keys.sorted().map { state.entries[$0]!.path } }
    }

    // MARK: - Machinery

    private struct State: ~Copyable {
        var nextID = 0
        var entries: [Int: (path: String, kind: Kind)] = [:]
        var installed = false
    }

    private static let registry = Mutex(State())

    /// The pipe's write end, read by the handler (a plain global: the handler may only touch such).
    nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1
    nonisolated(unsafe) private static var pipeReadEnd: Int32 = -1

    private static func installOnce() {
        let already = registry.withLock { state -> Bool in
            defer { state.installed = true }
            return state.installed
        }
        if already { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        pipeReadEnd = fds[0]
        pipeWriteEnd = fds[1]
        let thread = Thread { watch() }
        thread.name = "fundsim-cleanup-on-signal"
        thread.stackSize = 1 << 18
        thread.start()
        for sig in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                _ = Glibc.write(CleanupOnSignal.pipeWriteEnd, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                _ = Darwin.write(CleanupOnSignal.pipeWriteEnd, &byte, 1)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            // Keep a signal that the parent set to be ignored (e.g. `nohup`) ignored.
            var previous = sigaction()
            _ = sigaction(sig, nil, &previous)
            #if canImport(Glibc)
            let ignored = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            #else
            let ignored = unsafeBitCast(previous.__sigaction_u.__sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            #endif
            if !ignored { _ = sigaction(sig, &action, nil) }
        }
        // A process may inherit the signals blocked (e.g. started from a thread that blocks them, as test
        // runners and some supervisors do); the handler cannot run until they are unblocked. Unblock them in
        // this thread (the one that registers paths); blocking them again is the caller's explicit choice.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in signals { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// The cleanup thread: waits for a signal number on the pipe, removes every
    /// registered path, and ends the process with that signal.
    private static func watch() {
        var byte: UInt8 = 0
        while true {
            let n = read(pipeReadEnd, &byte, 1)
            if n == 1 { break }
            if n < 0 && errno == EINTR { continue }
            return
        }
        let sig = Int32(byte)
        registry.withLock { state in
            for id in state.entries.keys.sorted() {
                let entry = state.entries[id]!
                removePath(entry.path, entry.kind)
            }
            state.entries.removeAll()
            // Still holding the lock: no new temporary, no rename, until the process ends.
            signal(sig, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(sig)
            _exit(128 + sig)
        }
    }

    private static func removePath(_ path: String, _ kind: Kind) {
        switch kind {
        case .file: unlink(path)
        case .directory: try? FileManager.default.removeItem(atPath: path)
        }
    }
}
