import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes registered files and folders when the process is interrupted by
/// SIGINT (Ctrl-C) or SIGTERM, then dies of that signal as it would have.
///
/// Why: an interrupted run must not leave a staging folder or a temporary file
/// behind (litter that grows with every Ctrl-C). Register a path while it
/// exists only for this process (`register`), unregister it once it has been
/// renamed into place or removed. Handlers are installed on the first
/// registration: the signals are then received on a dispatch queue (not in an
/// async-signal context), so removal may use ordinary file APIs. A short step
/// that must not be cut in half (the swap of an output folder) runs inside
/// ``deferringCleanup(_:)``: a signal that arrives meanwhile waits until the
/// step is done, then cleans up.
///
/// A process killed with SIGKILL cannot clean up; ``OutputDirectory`` removes
/// such litter on the next run.
public enum CleanupOnSignal {
    /// A registration, to hand back to ``unregister(_:)``.
    public struct Token: Hashable, Sendable {
        let id: Int
    }

    /// Removes `path` (a file or a folder, recursively) if SIGINT or SIGTERM arrives before `unregister`.
    @discardableResult
    public static func register(_ path: String) -> Token {
        installHandlers()
        return state.withLock { state in
            state.nextID += 1
            state.paths[state.nextID] = path
            return Token(id: state.nextID)
        }
    }

    /// Stops watching a path (it was committed, or already removed).
    public static func unregister(_ token: Token) {
        _ = state.withLock { $0.paths.removeValue(forKey: token.id) }
    }

    /// The paths currently registered, in registration order (for tests and diagnostics).
    public static var registeredPaths: [String] {
        state.withLock { state in state.paths.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// Runs `body` with cleanup held back: a SIGINT or SIGTERM that arrives
    /// meanwhile is acted on only after `body` returns (the process then
    /// removes what is still registered and dies).
    public static func deferringCleanup<T>(_ body: () throws -> T) rethrows -> T {
        criticalSection.lock()
        defer { criticalSection.unlock() }
        return try body()
    }

    // MARK: - Implementation

    private struct State: Sendable {
        var nextID = 0
        var paths: [Int: String] = [:]
    }

    private static let state = Mutex(State())
    private static let criticalSection = NSLock()

    /// The dispatch sources, created once; kept alive for the life of the process.
    /// Written once (static initialisation is thread-safe) and never read again.
    nonisolated(unsafe) private static let sources: [any DispatchSourceSignal] = {
        let queue = DispatchQueue(label: "fundsim.cleanup-on-signal")
        // A signal the process was started with ignored (e.g. SIGINT of a background job, `nohup`) stays ignored.
        return [SIGINT, SIGTERM].filter { !isIgnored($0) }.map { signalNumber in
            // The default action (termination) is replaced by the dispatch source; it is restored before dying.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { cleanUpAndDie(signalNumber) }
            source.resume()
            return source
        }
    }()

    /// Whether the signal's current disposition is "ignore".
    private static func isIgnored(_ signalNumber: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(signalNumber, nil, &current) == 0 else { return false }
        #if canImport(Glibc)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
        #else
        return unsafeBitCast(current.__sigaction_u.__sa_handler, to: Int.self) == 1
        #endif
    }

    private static func installHandlers() {
        _ = sources
    }

    private static func cleanUpAndDie(_ signalNumber: Int32) -> Never {
        criticalSection.lock()  // wait for a swap in progress; never unlocked: the process ends here
        let paths = state.withLock { state in state.paths.sorted { $0.key < $1.key }.map(\.value) }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        signal(signalNumber, SIG_DFL)
        // Dispatch's worker threads may block signals: unblock it here so that raise() ends the process now.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signalNumber)
        _exit(128 + signalNumber)  // not reached: the default action of SIGINT and SIGTERM ends the process
    }
}
