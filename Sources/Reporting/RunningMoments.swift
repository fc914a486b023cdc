/// Streaming count, mean and sample standard deviation of a sequence of
/// values, in constant memory.
///
/// Why: a forecast runs thousands of draws and must summarise each output
/// without keeping every draw. Welford's update is numerically stable (no
/// catastrophic cancellation of a naive sum of squares), and two partial
/// results merge with Chan et al.'s pairwise formula, so per-thread
/// accumulators can be combined.
public struct RunningMoments: Sendable, Equatable {
    /// Number of values added.
    public private(set) var count: Int = 0
    /// Arithmetic mean of the values added; 0 while `count` is 0.
    public private(set) var mean: Double = 0
    /// Sum of squared deviations from the mean (Welford's M2).
    public private(set) var sumOfSquaredDeviations: Double = 0

    /// Creates an empty accumulator.
    public init() {}

    /// Adds one value (Welford's update).
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// Combines another accumulator into this one (Chan, Golub & LeVeque's
    /// pairwise formula); the result equals adding both sequences, up to
    /// rounding.
    public mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let delta = other.mean - mean
        let n = Double(count), m = Double(other.count), t = Double(total)
        mean += delta * (m / t)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * (n * m / t)
        count = total
    }

    /// Sample variance (divisor `count − 1`); NaN when `count < 2`.
    public var variance: Double {
        count < 2 ? .nan : sumOfSquaredDeviations / Double(count - 1)
    }

    /// Sample standard deviation (divisor `count − 1`); NaN when `count < 2`.
    public var standardDeviation: Double { variance.squareRoot() }
}
