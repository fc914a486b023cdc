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
    /// Accumulators at `(year × regions + region) × items + item`.
    var accumulators: [SummaryAccumulator]
    /// Draws added.
    public private(set) var draws = 0

    /// Creates an aggregator.
    public init(regions: RegionTable, items: ForecastItems, years: [Int], countyCount: Int) {
        self.regions = regions
        self.items = items
        self.years = years
        layout = RegionRows(regions: regions, items: items, years: years, countyCount: countyCount)
        let count = years.count * regions.regions.count * items.names.count
        accumulators = (0..<count).map { _ in SummaryAccumulator(atMost: [0], compression: 200, exactCapacity: 256) }
    }

    /// The region rows of one draw (see ``RegionRows``).
    public func regionRows(of result: DrawResult) -> [Double] { layout.rows(of: result) }

    /// Adds one draw's region rows (from ``regionRows(of:)``); call in draw order.
    public mutating func add(rows: [Double]) {
        precondition(rows.count == accumulators.count)
        for i in rows.indices { accumulators[i].add(rows[i]) }
        draws += 1
    }

    /// The summary of an item in a region and year.
    public func summary(year: Int, region: Int, item: Int) -> Summary {
        accumulators[index(year: year, region: region, item: item)].summary
    }

    /// The share of draws in which an item was at most zero (e.g. the liability: the subsidy covered the backstop).
    public func fractionAtMostZero(year: Int, region: Int, item: Int) -> Double {
        accumulators[index(year: year, region: region, item: item)].fractionAtMost(0)
    }

    func index(year: Int, region: Int, item: Int) -> Int { layout.index(year: year, region: region, item: item) }
}
