import CBLAS

/// Control of OpenBLAS's own worker threads.
///
/// OpenBLAS starts a thread pool sized to the machine by default. fundsim's
/// engine runs its own threads over draws, and two pools on the same cores
/// oversubscribe them; set the BLAS thread count explicitly (usually 1 when
/// the engine is parallel, the core count when BLAS is the only parallel part).
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for subsequent calls.
    ///
    /// - Parameter count: Thread count, at least 1.
    public static func set(_ count: Int) {
        precondition(count >= 1, "BLAS thread count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(clamping: count))
    }

    /// Ends OpenBLAS's worker threads until a multi-threaded BLAS call needs them
    /// again (OpenBLAS then restarts them itself); `false` when the library has no
    /// such pool (a serial or OpenMP build). The thread count set by ``set(_:)`` stays.
    ///
    /// Why: the pthreads build starts its pool when the library is loaded, and an
    /// idle worker busy-waits (`sched_yield` in a loop) for about 2^28 CPU cycles,
    /// 0.05–0.1 s of a core, before it sleeps. Every `fundsim` process paid that at
    /// start-up, BLAS or not. Call it at start-up; only while no other thread can be
    /// in a BLAS call (OpenBLAS's shutdown does not wait for jobs queued meanwhile).
    @discardableResult
    public static func stopWorkers() -> Bool {
        fundsim_openblas_stop_workers() != 0
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int {
        Int(openblas_get_num_threads())
    }

    /// The kernel family OpenBLAS selected at load time (for example
    /// `"Haswell"` or `"SkylakeX"`); `OPENBLAS_CORETYPE` overrides it.
    /// Reported with benchmark figures because it decides the peak.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string (version, threading model, arch).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }
}
