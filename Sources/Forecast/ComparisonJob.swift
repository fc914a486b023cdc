import Foundation
import Reporting
import Simulation

/// `fundsim compare A B`: runs two scenarios draw by draw with **common random
/// numbers** (the same seed, so the same streams for the same draw, county,
/// year and person) and summarises, per (year, region, item) they share, A, B
/// and the per-draw difference B − A. With the same population and utilisation
/// model the claims are identical and the difference is the rules' alone; a
/// scenario compared with itself gives exactly zero.
///
/// When both sides sample alike (the same simulation model), one runner with
/// two settlement variants samples each person-year once and settles it under
/// both plans ("sample once, settle many", as `fundsim sweep` does); otherwise
/// each side has its own runner.
public struct ComparisonJob {
    /// Side A's result is point 0 of the draws, side B's point 1.
    public let draws: SweepDraws
    /// Their regions.
    public let regions: (a: RegionTable, b: RegionTable)

    /// Creates a job of two runners; they must share seed, draws, threads and years.
    public init(a: MonteCarloRunner, regionsA: RegionTable, b: MonteCarloRunner, regionsB: RegionTable) {
        draws = SweepDraws(groups: [SweepGroup(runner: a, points: [0]), SweepGroup(runner: b, points: [1])])
        regions = (regionsA, regionsB)
    }

    /// Creates a job of one runner whose two settlement variants are A and B (shared sampling).
    public init(shared: MonteCarloRunner, regions: RegionTable) {
        precondition(shared.variantCount == 2, "a shared comparison runner has two variants, A and B")
        draws = SweepDraws(groups: [SweepGroup(runner: shared, points: [0, 1])])
        self.regions = (regions, regions)
    }

    /// The ledger layout and model of side 0 (A) or 1 (B), and its years' catastrophic thresholds.
    func side(_ point: Int) -> (layout: LedgerLayout, model: SimulationModel, thresholds: [Double?]) {
        let group = draws.groups.first { $0.points.contains(point) }!
        let k = group.points.firstIndex(of: point)!
        return (group.runner.layouts[k], group.runner.model, group.runner.catastrophicThresholds(variant: k))
    }

    /// One compared cell: indices into each side's region rows, and its labels.
    struct Cell {
        let a: Int, b: Int
        let year: Int, region: RegionTable.Region, item: String, unit: ItemUnit
    }

    /// The (year, region, item) cells both sides have, matched by region id and item name.
    func commonCells(_ rowsOfA: RegionRows, _ rowsOfB: RegionRows) -> [Cell] {
        let itemsB = Dictionary(uniqueKeysWithValues: rowsOfB.items.names.enumerated().map { ($1, $0) })
        let regionsB = Dictionary(uniqueKeysWithValues: regions.b.regions.enumerated().map { ($1.id, $0) })
        var cells: [Cell] = []
        for (y, year) in rowsOfA.years.enumerated() {
            for (ra, region) in regions.a.regions.enumerated() {
                guard let rb = regionsB[region.id] else { continue }
                for (ia, item) in rowsOfA.items.names.enumerated() {
                    guard let ib = itemsB[item] else { continue }
                    cells.append(Cell(a: rowsOfA.index(year: y, region: ra, item: ia),
                                      b: rowsOfB.index(year: y, region: rb, item: ib),
                                      year: year, region: region, item: item, unit: rowsOfA.items.units[ia]))
                }
            }
        }
        return cells
    }

    /// Runs both scenarios and writes `comparison.csv`, `files` (name → text, e.g. the resolved
    /// scenarios), `manifest.json` and `datapackage.json` into `output` and commits it (all or nothing).
    /// Returns the number of compared cells whose difference was not exactly zero in some draw.
    @discardableResult
    public func run(into output: consuming OutputDirectory, manifest: Manifest, files: [String: String] = [:],
                    progress: ((Int) -> Void)? = nil) throws -> Int {
        let started = Date()
        let (a, b) = (side(0), side(1))
        let years = draws.configuration.years
        let rowsOfA = RegionRows(regions: regions.a, items: ForecastItems(layout: a.layout, catastrophicThresholds: a.thresholds), years: years,
                                     countyCount: a.model.population.counties.count)
        let rowsOfB = RegionRows(regions: regions.b, items: ForecastItems(layout: b.layout, catastrophicThresholds: b.thresholds), years: years,
                                     countyCount: b.model.population.counties.count)
        let cells = commonCells(rowsOfA, rowsOfB)
        var sides = (0..<cells.count).map { _ in (SummaryAccumulator(compression: 100, exactCapacity: 128),
                                                  SummaryAccumulator(compression: 100, exactCapacity: 128)) }
        var differences = (0..<cells.count).map { _ in SummaryAccumulator(atMost: [0], compression: 100, exactCapacity: 128) }
        var nonZero = [Bool](repeating: false, count: cells.count)
        try draws.run(progress: { progress?($0) }) { pair in
                    let rowsA = rowsOfA.rows(of: pair[0])
                    let rowsB = rowsOfB.rows(of: pair[1])
                    for (i, cell) in cells.enumerated() {
                        let x = rowsA[cell.a], y = rowsB[cell.b]
                        sides[i].0.add(x)
                        sides[i].1.add(y)
                        differences[i].add(y - x)
                        if y != x { nonZero[i] = true }
                    }
        }
        var items: [String] = []
        for cell in cells where !items.contains(cell.item) { items.append(cell.item) }
        var csv = Table(OutputTables.comparison(items: items))
        for (i, cell) in cells.enumerated() {
            let d = differences[i].summary
            // An exact zero in every draw is written as 0, not as a rounding of float noise.
            let fields = nonZero[i] ? [d.mean, d.sd, d.p05, d.p50, d.p95] : [0, 0, 0, 0, 0]
            csv.append([String(cell.year)] + OutputTables.regionValues(cell.region) + [cell.item, cell.unit.rawValue,
                        ForecastAggregator.number(sides[i].0.summary.mean), ForecastAggregator.number(sides[i].1.summary.mean)]
                       + fields.map(ForecastAggregator.number))
        }
        try output.write(csv)
        for name in files.keys.sorted() { try output.write(files[name]!, to: name) }
        var final = manifest
        final.wallTimeSeconds = Date().timeIntervalSince(started)
        try output.commit(manifest: final)
        return nonZero.filter { $0 }.count
    }
}
