import Foundation

/// One draw's work split into units that any worker may run, in any order:
/// the scheduler's unit of load balancing (``DrawScheduler``).
///
/// Why: a whole draw per worker leaves threads idle whenever there are fewer
/// draws left than threads (a 2-draw run, the tail of every run, a shard of
/// one draw). Splitting a draw into independent units — for a forecast, its
/// counties — lets every thread work on the same draw to the end.
///
/// Units must be independent: a unit's part may depend only on the draw and
/// the unit index, never on which thread ran it or what ran before, so the
/// assembled output is the same for any number of threads.
public protocol DrawWork: Sendable {
    /// What one unit produces.
    associatedtype Part: Sendable
    /// The draw's result, put together from every unit's part.
    associatedtype Output: Sendable
    /// Number of units (0 is allowed: ``assemble(_:)`` then gets no parts).
    var unitCount: Int { get }
    /// Runs unit `unit` (`0..<unitCount`). Units are handed out in index order,
    /// so the largest should come first: small units then fill the gaps at the end.
    func run(unit: Int) -> Part
    /// The draw's output from every unit's part (`parts[i]` is unit `i`'s).
    func assemble(_ parts: [Part]) -> Output
}

/// A draw that is a single unit: ``DrawScheduler/run(range:prepare:produce:progress:consume:)``.
struct WholeDraw<Result: Sendable>: DrawWork {
    let draw: Int
    let produce: @Sendable (Int) -> Result
    var unitCount: Int { 1 }
    func run(unit: Int) -> Result { produce(draw) }
    func assemble(_ parts: [Result]) -> Result { parts[0] }
}

/// Runs draws `0..<draws` on worker threads in chunks: before each chunk,
/// `prepare` runs alone (e.g. a batched projection); within it, the workers
/// share the units of the draws (``DrawWork``) from one queue, lowest draw
/// first, and `consume` receives each draw's output **in draw order** on the
/// calling thread, so whatever it accumulates does not depend on threads.
///
/// Load balance: a worker takes the next unit of the lowest draw that has one
/// left, and starts the next draw only when none has; so all threads work on
/// the same one or two draws, and a run of fewer draws than threads (or its
/// last draw) still keeps every thread busy until its last unit.
///
/// Memory: at most `2 × threads` draws are in flight (started and not yet
/// consumed), whatever the number of draws; with units enough for every
/// thread, only one or two are.
public struct DrawScheduler: Sendable {
    /// Number of draws.
    public let draws: Int
    /// Worker threads.
    public let threads: Int
    /// Draws per chunk.
    public let chunkSize: Int

    /// Creates a scheduler.
    public init(draws: Int, threads: Int, chunkSize: Int = .max) {
        self.draws = draws
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }

    /// The most draws in flight (started, not yet consumed) at any time.
    public var window: Int { max(2, 2 * threads) }

    /// Runs the draws in `range` (default: all of `0..<draws`), each a single unit
    /// `produce(draw)`; see ``run(range:prepare:work:progress:consume:)``.
    public func run<Result: Sendable>(range: Range<Int>? = nil, prepare: (Range<Int>) -> Void,
                                      produce: @escaping @Sendable (Int) -> Result,
                                      progress: (Int) -> Void, consume: (Result) throws -> Void) throws {
        try run(range: range, prepare: prepare, work: { WholeDraw(draw: $0, produce: produce) },
                progress: progress, consume: consume)
    }

    /// Runs the draws in `range` (default: all of `0..<draws`): `work(draw)` splits
    /// a draw into units (called on a worker, once per draw), the workers run the
    /// units, and `consume` gets each draw's assembled output in draw order;
    /// `progress(draw + 1)` follows each.
    ///
    /// A range (one shard of a job split over processes) is run on the job's chunk
    /// grid: every chunk it touches is prepared whole (`k × chunkSize ..< (k+1) ×
    /// chunkSize`, clipped to `draws`), exactly as in the unsplit run, and only the
    /// draws inside `range` are produced. So a draw's result never depends on how
    /// the job was split (a batched projection sees the same batch).
    public func run<Work: DrawWork>(range: Range<Int>? = nil, prepare: (Range<Int>) -> Void,
                                    work: @escaping @Sendable (Int) -> Work,
                                    progress: (Int) -> Void, consume: (Work.Output) throws -> Void) throws {
        let range = range ?? 0..<draws
        precondition(range.lowerBound >= 0 && range.upperBound <= draws, "draws \(range) outside 0..<\(draws)")
        guard !range.isEmpty else { return }
        var start = range.lowerBound - range.lowerBound % chunkSize
        while start < range.upperBound {
            let end = start + min(chunkSize, draws - start)
            prepare(start..<end)
            try runChunk(max(start, range.lowerBound)..<min(end, range.upperBound), work: work, progress: progress, consume: consume)
            start = end
        }
    }

    private func runChunk<Work: DrawWork>(_ draws: Range<Int>, work: @escaping @Sendable (Int) -> Work,
                                          progress: (Int) -> Void, consume: (Work.Output) throws -> Void) throws {
        let coordinator = UnitCoordinator<Work>(draws: draws, window: window, work: work)
        for _ in 0..<threads {
            let thread = Thread { coordinator.work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer { coordinator.waitForWorkers(threads) }
        for draw in draws {
            let result = coordinator.take(draw)
            do {
                try consume(result)
            } catch {
                coordinator.cancel()
                throw error
            }
            progress(draw + 1)
        }
    }
}

/// The shared queue of one chunk's units: hands out units of the lowest started
/// draw first, starts draws (at most `window` in flight), assembles a draw when
/// its last unit is done and passes outputs back in draw order.
final class UnitCoordinator<Work: DrawWork>: @unchecked Sendable {
    /// A started draw: its work (nil while the starting worker builds it), the next
    /// unit to hand out, and the parts received so far.
    private final class Slot {
        let draw: Int
        var work: Work?
        var next = 0
        var done = 0
        var parts: [Work.Part?] = []
        init(draw: Int) { self.draw = draw }
        var hasUnitsLeft: Bool { work.map { next < $0.unitCount } ?? false }
    }

    private let condition = NSCondition()
    private let draws: Range<Int>
    private let window: Int
    private let makeWork: @Sendable (Int) -> Work
    /// The next draw to start.
    private var nextDraw: Int
    /// Draws below this are consumed.
    private var consumed: Int
    /// Started draws with units not all done, in draw order.
    private var slots: [Slot] = []
    private var ready: [Int: Work.Output] = [:]
    private var finished = 0
    private var cancelled = false

    init(draws: Range<Int>, window: Int, work: @escaping @Sendable (Int) -> Work) {
        self.draws = draws
        self.window = window
        makeWork = work
        nextDraw = draws.lowerBound
        consumed = draws.lowerBound
    }

    /// A worker's loop: run units until none is left or the run is cancelled.
    func work() {
        condition.lock()
        defer {
            finished += 1
            condition.broadcast()
            condition.unlock()
        }
        while !cancelled {
            if let slot = slots.first(where: \.hasUnitsLeft), let work = slot.work {
                let unit = slot.next
                slot.next += 1
                condition.unlock()
                let part = work.run(unit: unit)
                condition.lock()
                slot.parts[unit] = part
                slot.done += 1
                if slot.done == work.unitCount { complete(slot, work) }
            } else if nextDraw < draws.upperBound && nextDraw < consumed + window {
                let slot = Slot(draw: nextDraw)
                nextDraw += 1
                slots.append(slot)
                condition.unlock()
                let work = makeWork(slot.draw)
                condition.lock()
                slot.work = work
                slot.parts = Array(repeating: nil, count: work.unitCount)
                if work.unitCount == 0 { complete(slot, work) }
                condition.broadcast()
            } else if nextDraw == draws.upperBound && slots.allSatisfy({ $0.work != nil && !$0.hasUnitsLeft }) {
                return  // every unit handed out: the workers running the last ones finish their draws
            } else {
                condition.wait()
            }
        }
    }

    /// Assembles a draw whose units are all done (outside the lock) and makes it ready. Called and returns locked.
    private func complete(_ slot: Slot, _ work: Work) {
        slots.removeAll { $0 === slot }
        let parts = slot.parts.map { $0! }
        slot.parts = []
        condition.unlock()
        let output = work.assemble(parts)
        condition.lock()
        ready[slot.draw] = output
        condition.broadcast()
    }

    /// The output of `draw` (the next one in order), waiting for it.
    func take(_ draw: Int) -> Work.Output {
        condition.lock()
        defer { condition.unlock() }
        while ready[draw] == nil { condition.wait() }
        let result = ready.removeValue(forKey: draw)!
        consumed = draw + 1
        condition.broadcast()
        return result
    }

    /// Stops handing out units and starting draws.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Cancels what is left and waits until `count` workers have returned.
    func waitForWorkers(_ count: Int) {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while finished < count { condition.wait() }
        condition.unlock()
    }
}
