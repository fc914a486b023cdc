import Reporting
import Settlement
import Simulation

/// Streams the simulated population of each draw into summaries per (year,
/// region, poverty status, age band), for `population.csv`: the projected
/// registered poor, which the cohort projection changes year by year.
public struct PopulationAggregator: Sendable {
    /// Regions.
    public let regions: RegionTable
    /// The population model (age bands, counties).
    public let population: PopulationModel
    /// Years, in order.
    public let years: [Int]
    /// Accumulators at ``index(year:region:status:band:)``, fed a block of draws at a time.
    var accumulators: SummaryAccumulatorBatch

    /// Creates the aggregator.
    public init(regions: RegionTable, population: PopulationModel, years: [Int]) {
        self.regions = regions
        self.population = population
        self.years = years
        let count = years.count * regions.regions.count * 2 * population.ageBandLowerBounds.count
        accumulators = SummaryAccumulatorBatch(count: count) { SummaryAccumulator(compression: 100, exactCapacity: 128) }
    }

    func index(year: Int, region: Int, status: Int, band: Int) -> Int {
        ((year * regions.regions.count + region) * 2 + status) * population.ageBandLowerBounds.count + band
    }

    /// Adds one draw's cells (call in draw order).
    public mutating func add(_ result: DrawResult) {
        let counties = population.counties.count
        let bands = population.ageBandLowerBounds.count
        let cellCount = population.cellCount
        var sums = [Double](repeating: 0, count: accumulators.count)
        for y in years.indices {
            for county in 0..<counties {
                let base = (y * counties + county) * cellCount
                for band in 0..<bands {
                    for sex in Sex.allCases {
                        for status in PovertyStatus.allCases {
                            let n = Double(result.cells[base + population.cell(band: band, sex: sex, status: status)])
                            for region in regions.targets[county] { sums[index(year: y, region: region, status: status.rawValue, band: band)] += n }
                        }
                    }
                }
            }
        }
        accumulators.add(sums)
    }

    /// Hands the draws added so far to the summaries (``SummaryAccumulatorBatch/flush()``): the
    /// table is the same before and after, but cheaper to make after.
    public mutating func flush() { accumulators.flush() }

    /// `population.csv`: year, region, poverty status, age band, unit (people), mean/sd/p05/p50/p95,
    /// and `as_of`: the counts are the people at the start of the year (`start_of_year`), the status
    /// that decides the year's premium and family-doctor split (``OutputTables/population``).
    public func table() -> Table {
        var csv = Table(OutputTables.population)
        let bounds = population.ageBandLowerBounds
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                for status in 0..<2 {
                    for band in bounds.indices {
                        let label = band + 1 < bounds.count ? "\(bounds[band])-\(bounds[band + 1] - 1)" : "\(bounds[band])+"
                        let s = accumulators.accumulator(index(year: y, region: r, status: status, band: band)).summary
                        csv.append([String(year)] + OutputTables.regionValues(region)
                                   + [status == 0 ? "in_poverty" : "exited_poverty", label, ItemUnit.people.rawValue]
                                   + [s.mean, s.sd, s.p05, s.p50, s.p95].map(ForecastAggregator.number) + ["start_of_year"])
                    }
                }
            }
        }
        return csv
    }
}
