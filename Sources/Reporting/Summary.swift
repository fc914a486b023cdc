/// The headline statistics of one forecast quantity over all draws.
///
/// Why: every forecast table reports the same columns (mean, spread and the
/// quantiles a finance office budgets against, e.g. P95 of the county backstop
/// liability), so they travel together as one value.
public struct Summary: Sendable, Equatable {
    /// Number of draws summarised.
    public var count: Int
    /// Mean over draws (NaN when `count` is 0).
    public var mean: Double
    /// Sample standard deviation, divisor `count − 1` (NaN when `count < 2`).
    public var sd: Double
    /// Smallest draw (NaN when `count` is 0).
    public var min: Double
    /// 5th percentile.
    public var p05: Double
    /// Median.
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 95th percentile.
    public var p95: Double
    /// 99th percentile.
    public var p99: Double
    /// Largest draw (NaN when `count` is 0).
    public var max: Double

    /// The quantile levels reported, in column order: 0.05, 0.5, 0.9, 0.95, 0.99.
    public static let quantileLevels: [Double] = [0.05, 0.5, 0.9, 0.95, 0.99]

    /// CSV column names of `fields(_:)`, in order.
    public static let columnNames = ["count", "mean", "sd", "min", "p05", "p50", "p90", "p95", "p99", "max"]

    /// Creates a summary from its parts.
    public init(count: Int, mean: Double, sd: Double, min: Double,
                p05: Double, p50: Double, p90: Double, p95: Double, p99: Double, max: Double) {
        self.count = count
        self.mean = mean
        self.sd = sd
        self.min = min
        self.p05 = p05
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
        self.max = max
    }

    /// The CSV fields in `columnNames` order: the count as an integer, every
    /// statistic through `format` (default: shortest round-trip text; pass
    /// `NumberText.money` for yuan amounts).
    public func fields(_ format: (Double) -> String = NumberText.shortest) -> [String] {
        [String(count)] + [mean, sd, min, p05, p50, p90, p95, p99, max].map(format)
    }
}
