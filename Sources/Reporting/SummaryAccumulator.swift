/// Takes the draws of one forecast quantity one at a time and yields its
/// `Summary` and exceedance fractions, in memory independent of the number
/// of draws.
///
/// Why: the simulation produces draws one by one, possibly many quantities
/// per draw; this is the single place that turns them into report figures.
/// Feed draws in draw order: the quantiles are then bit-reproducible (see
/// `QuantileSketch`).
public struct SummaryAccumulator: Sendable, Equatable {
    /// Mean and standard deviation so far.
    public private(set) var moments = RunningMoments()
    /// Quantiles so far.
    public private(set) var sketch: QuantileSketch
    /// Thresholds t for which the count of draws ≤ t is kept, as given at creation.
    public let thresholds: [Double]
    private var atMostCounts: [Int]

    /// Creates an empty accumulator that also counts draws ≤ each of
    /// `atMost` (e.g. `[0]` for "the backstop liability is covered by the
    /// subsidy"), with the given sketch settings.
    public init(atMost thresholds: [Double] = [],
                compression: Double = QuantileSketch.defaultCompression,
                exactCapacity: Int = QuantileSketch.defaultExactCapacity) {
        for t in thresholds { precondition(!t.isNaN, "threshold cannot be NaN") }
        self.thresholds = thresholds
        self.atMostCounts = Array(repeating: 0, count: thresholds.count)
        self.sketch = QuantileSketch(compression: compression, exactCapacity: exactCapacity)
    }

    /// Number of draws added.
    public var count: Int { moments.count }

    /// Adds one draw. NaN traps (it is a bug upstream, not a draw).
    public mutating func add(_ value: Double) {
        sketch.add(value)
        moments.add(value)
        for (i, t) in thresholds.enumerated() where value <= t {
            atMostCounts[i] += 1
        }
    }

    /// Fraction of draws ≤ `threshold`, which must be one of `thresholds`
    /// (an exceedance probability is 1 minus this); NaN when empty.
    public func fractionAtMost(_ threshold: Double) -> Double {
        guard let i = thresholds.firstIndex(of: threshold) else {
            preconditionFailure("threshold \(threshold) was not registered at creation")
        }
        return count == 0 ? .nan : Double(atMostCounts[i]) / Double(count)
    }

    /// The Monte Carlo standard error of the `q` quantile estimate, distribution-free:
    /// the rank of the estimate among the draws is binomial with sd √(n q (1 − q)), so
    /// half the distance between the quantiles at q ± √(q (1 − q) / n) is one standard
    /// error (the order-statistic interval of the quantile, at ±1 sd). NaN with fewer
    /// than 2 draws. With few draws beyond q (n (1 − q) < 10) the upper end is the
    /// maximum and the error is understated: report the draw count with it.
    public func quantileStandardError(_ q: Double) -> Double {
        guard count >= 2 else { return .nan }
        let delta = (q * (1 - q) / Double(count)).squareRoot()
        let bounds = sketch.quantiles([Swift.max(0, q - delta), Swift.min(1, q + delta)])
        return (bounds[1] - bounds[0]) / 2
    }

    /// The summary of the draws so far (NaN statistics when empty).
    public var summary: Summary { summary(quantiles: sketch.quantiles(Summary.quantileLevels)) }

    /// ``summary`` and ``quantileStandardError(_:)`` at each of `levels`, from one query of
    /// the sketch (one sort of its buffer instead of one per statistic): the same numbers, bit for bit.
    public func summary(withStandardErrorsAt levels: [Double]) -> (summary: Summary, standardErrors: [Double]) {
        guard count >= 2 else { return (summary, levels.map { _ in .nan }) }
        let bounds = levels.map { q in
            let delta = (q * (1 - q) / Double(count)).squareRoot()
            return [Swift.max(0, q - delta), Swift.min(1, q + delta)]
        }
        let q = sketch.quantiles(Summary.quantileLevels + bounds.joined())
        let base = Summary.quantileLevels.count
        return (summary(quantiles: Array(q[..<base])), levels.indices.map { (q[base + 2 * $0 + 1] - q[base + 2 * $0]) / 2 })
    }

    /// The summary with the sketch's quantiles at ``Summary/quantileLevels``.
    private func summary(quantiles q: [Double]) -> Summary {
        let empty = count == 0
        return Summary(count: count, mean: empty ? .nan : moments.mean, sd: moments.standardDeviation,
                       min: empty ? .nan : sketch.minimum,
                       p05: q[0], p50: q[1], p90: q[2], p95: q[3], p99: q[4],
                       max: empty ? .nan : sketch.maximum)
    }
}
