import Reporting
import Simulation

/// Accumulates draw results, in draw order, into streamed summaries per
/// (year, region, item): memory does not grow with the number of draws beyond
/// the quantile sketches' bounded size.
public struct ForecastAggregator: Sendable {
    /// Regions.
    public let regions: RegionTable
    /// Items.
    public let items: ForecastItems
    /// Years, in order.
    public let years: [Int]
    /// Where each (year, region, item) lives in a draw's region rows.
    public let layout: RegionRows
    /// Accumulators at `(year × regions + region) × items + item`, fed a block of draws at a time.
    var accumulators: SummaryAccumulatorBatch
    /// Draws added.
    public private(set) var draws = 0

    /// Creates an aggregator.
    public init(regions: RegionTable, items: ForecastItems, years: [Int], countyCount: Int) {
        self.regions = regions
        self.items = items
        self.years = years
        layout = RegionRows(regions: regions, items: items, years: years, countyCount: countyCount)
        let count = years.count * regions.regions.count * items.names.count
        accumulators = SummaryAccumulatorBatch(count: count) { SummaryAccumulator(atMost: [0], compression: 200, exactCapacity: 256) }
    }

    /// The region rows of one draw (see ``RegionRows``).
    public func regionRows(of result: DrawResult) -> [Double] { layout.rows(of: result) }

    /// Adds one draw's region rows (from ``regionRows(of:)``); call in draw order.
    public mutating func add(rows: [Double]) {
        precondition(rows.count == accumulators.count)
        accumulators.add(rows)
        draws += 1
    }

    /// Hands the draws added so far to the summaries (``SummaryAccumulatorBatch/flush()``): reads
    /// give the same results before and after, but many reads (the tables) are cheaper after.
    public mutating func flush() { accumulators.flush() }

    /// The summary of an item in a region and year.
    public func summary(year: Int, region: Int, item: Int) -> Summary {
        accumulators.accumulator(index(year: year, region: region, item: item)).summary
    }

    /// ``summary(year:region:item:)`` and ``quantileErrors(year:region:item:)`` together, from one
    /// query of the item's sketch (``SummaryAccumulator/summary(withStandardErrorsAt:)``): the same numbers.
    public func summaryAndQuantileErrors(year: Int, region: Int, item: Int) -> (summary: Summary, p95: Double, p99: Double) {
        let (summary, errors) = accumulators.accumulator(index(year: year, region: region, item: item)).summary(withStandardErrorsAt: [0.95, 0.99])
        return (summary, errors[0], errors[1])
    }

    /// The mean of an item in a region and year: ``summary(year:region:item:)``'s, without the quantiles.
    public func mean(year: Int, region: Int, item: Int) -> Double {
        let a = accumulators.accumulator(index(year: year, region: region, item: item))
        return a.count == 0 ? .nan : a.moments.mean
    }

    /// The Monte Carlo standard errors of an item's P95 and P99 (see ``SummaryAccumulator/quantileStandardError(_:)``).
    public func quantileErrors(year: Int, region: Int, item: Int) -> (p95: Double, p99: Double) {
        let a = accumulators.accumulator(index(year: year, region: region, item: item))
        return (a.quantileStandardError(0.95), a.quantileStandardError(0.99))
    }

    /// Draws needed beyond a reported quantile for its Monte Carlo error to be
    /// moderate: `fundsim run` warns when fewer than this many draws exceed the P99.
    public static let minimumTailDraws = 10.0

    /// Whether `draws` leave fewer than ``minimumTailDraws`` draws beyond the P99.
    public static func tooFewDrawsForP99(_ draws: Int) -> Bool { Double(draws) * 0.01 < minimumTailDraws }

    /// The share of draws in which an item was at most zero (e.g. the liability: the subsidy covered the backstop).
    public func fractionAtMostZero(year: Int, region: Int, item: Int) -> Double {
        accumulators.accumulator(index(year: year, region: region, item: item)).fractionAtMost(0)
    }

    func index(year: Int, region: Int, item: Int) -> Int { layout.index(year: year, region: region, item: item) }
}
