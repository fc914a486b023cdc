import Simulation

/// Turns one draw's county ledger rows into region rows: the county rows added
/// into their prefecture and the province, and the derived indicators of every
/// region computed from its sums (ratios per draw, so their spread is honest).
/// Layout of the result: `(year × regions + region) × items + item`.
public struct RegionRows: Sendable {
    /// Regions.
    public let regions: RegionTable
    /// Items.
    public let items: ForecastItems
    /// Years, in order.
    public let years: [Int]
    /// Counties per draw result.
    public let countyCount: Int

    /// Creates the builder.
    public init(regions: RegionTable, items: ForecastItems, years: [Int], countyCount: Int) {
        self.regions = regions
        self.items = items
        self.years = years
        self.countyCount = countyCount
    }

    /// Position of (year index, region, item) in a result.
    public func index(year: Int, region: Int, item: Int) -> Int {
        (year * regions.regions.count + region) * items.names.count + item
    }

    /// The region rows of one draw.
    public func rows(of result: DrawResult) -> [Double] {
        let ledgerItems = items.layout.count
        let itemCount = items.names.count
        let regionCount = regions.regions.count
        var rows = [Double](repeating: 0, count: years.count * regionCount * itemCount)
        for y in years.indices {
            for county in 0..<countyCount {
                let source = (y * countyCount + county) * ledgerItems
                for target in regions.targets[county] {
                    let base = (y * regionCount + target) * itemCount
                    for i in 0..<ledgerItems { rows[base + i] += result.values[source + i] }
                }
            }
            for r in 0..<regionCount { items.derive(&rows, at: (y * regionCount + r) * itemCount, year: y) }
        }
        return rows
    }
}
