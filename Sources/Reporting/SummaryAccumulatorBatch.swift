/// Many ``SummaryAccumulator``s that each take one value per draw (a row of values,
/// one per accumulator), added a block of draws at a time.
///
/// Why: a forecast keeps tens of thousands of accumulators (year × region × item),
/// each with its own arrays on the heap. Adding a draw's row value by value touches
/// every accumulator's state once per draw, a cache miss or more per value. Rows are
/// kept here as they come (one contiguous copy per draw) and handed to the
/// accumulators ``blockSize`` draws at a time, each accumulator taking its values of
/// the block in one visit.
///
/// Exactness: every accumulator receives the same values in the same (draw) order as
/// if each row were added value by value, so its state — and every summary, quantile
/// and count read from it — is bit for bit the same. Reads (``accumulator(_:)``) see
/// the rows not yet handed over too; ``flush()`` hands them over, so that many reads
/// need not each replay them.
public struct SummaryAccumulatorBatch: Sendable {
    /// The accumulators, as of the last hand-over (``flush()``).
    public private(set) var handedOver: [SummaryAccumulator]
    /// Draws kept before they are handed to the accumulators.
    public let blockSize: Int
    /// Rows not yet handed over, draw-major: `pending[d × count + i]` is accumulator `i`'s value of pending draw `d`.
    private var pending: [Double] = []

    /// `count` accumulators, each made by `make` (e.g. with its thresholds and sketch settings).
    public init(count: Int, blockSize: Int = 32, make: () -> SummaryAccumulator) {
        precondition(blockSize >= 1, "blockSize must be at least 1")
        handedOver = (0..<count).map { _ in make() }
        self.blockSize = blockSize
    }

    /// Number of accumulators.
    public var count: Int { handedOver.count }

    /// Rows kept and not yet handed over.
    public var pendingRows: Int { count == 0 ? 0 : pending.count / count }

    /// Adds one draw: `row[i]` to accumulator `i` (`row.count` must be ``count``).
    public mutating func add(_ row: [Double]) {
        precondition(row.count == count, "row has \(row.count) values for \(count) accumulators")
        if pending.isEmpty { pending.reserveCapacity(blockSize * count) }
        pending.append(contentsOf: row)
        if pendingRows >= blockSize { flush() }
    }

    /// Hands the kept rows to the accumulators, each taking its values in draw order.
    public mutating func flush() {
        let rows = pendingRows
        guard rows > 0 else { return }
        let count = self.count
        pending.withUnsafeBufferPointer { values in
            handedOver.withUnsafeMutableBufferPointer { accumulators in
                for i in 0..<count {
                    for d in 0..<rows { accumulators[i].add(values[d * count + i]) }
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Accumulator `i` with every row added so far (also the ones not yet handed over).
    public func accumulator(_ i: Int) -> SummaryAccumulator {
        var accumulator = handedOver[i]
        let count = self.count
        for d in 0..<pendingRows { accumulator.add(pending[d * count + i]) }
        return accumulator
    }
}
