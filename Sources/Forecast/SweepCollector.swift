import Foundation
import Reporting
import Simulation

/// One point of a sweep as the tables label it: its id and the value it gives
/// each swept path (as text, exactly as applied).
public struct SweepPointLabel: Hashable, Sendable {
    /// The point's id (`point` column), 0-based in design order.
    public var id: Int
    /// The value of each swept path, in the order of ``SweepCollector/paths``.
    public var values: [String]

    /// Creates a label.
    public init(id: Int, values: [String]) {
        self.id = id
        self.values = values
    }
}

/// Which rows of the forecast a sweep reports: items and region levels (`nil`: all).
public struct SweepOutputs: Hashable, Sendable {
    /// Item names to report, or `nil` for every item.
    public var items: Set<String>?
    /// Region levels (`province`, `prefecture`, `county`) to report, or `nil` for all.
    public var regionLevels: Set<String>?

    /// Creates a selection.
    public init(items: Set<String>? = nil, regionLevels: Set<String>? = nil) {
        self.items = items
        self.regionLevels = regionLevels
    }
}

/// The sensitivity analysis a design allows.
public enum SweepSensitivity: Sendable {
    /// No sensitivity table (grid, points).
    case none
    /// One at a time: for each parameter, the point at its low and at its high
    /// value (the others at base); the table reports the per-draw change low → high.
    case oneAtATime([(parameter: String, low: Int, high: Int)])
    /// Partial rank correlation coefficients of each reported cell's point means
    /// with the points' numeric values of each path (`values[point][path]`).
    case rankCorrelation(values: [[Double]])
}

/// Consumes a sweep's per-draw results **in draw order** and makes its tables:
/// `sweep.csv`, `points.csv`, `sensitivity.csv` and, when asked, `draws.csv`.
///
/// This is the single path from draw results to tables: ``SweepJob`` feeds it
/// from the runners; anything else that has every point's ``DrawResult`` of
/// draws 0, 1, 2, … (e.g. a merge of shards that each ran a range of draws)
/// feeds the same results in the same order through ``add(_:)`` and gets
/// byte-identical tables. A ``DrawResult`` carries everything needed (values,
/// cells, drawn parameters).
public struct SweepCollector {
    /// The swept paths (column names of `points.csv` and `sweep.csv`).
    public let paths: [String]
    /// The points, in design order.
    public let points: [SweepPointLabel]
    /// Regions of the output.
    public let regions: RegionTable
    /// Items of each point's forecast.
    public let items: [ForecastItems]
    /// Years, in order.
    public let years: [Int]
    /// What to report.
    public let outputs: SweepOutputs
    /// The sensitivity analysis.
    public let sensitivity: SweepSensitivity
    /// Names of the model parameters that carry uncertainty, per point, with their index in a draw's parameters.
    public let uncertain: [[(name: String, index: Int)]]

    /// One reported cell: (year index, region, item name) and where it lives in each point's region rows.
    struct Cell {
        let year: Int, region: Int, item: String
        let index: [Int?]
    }

    let rowBuilders: [RegionRows]
    let cells: [Cell]
    var accumulators: [[SummaryAccumulator]]
    var changes: [[RunningMoments]]
    var drawsWriter: SweepDrawsWriter?
    /// Draws added.
    public private(set) var draws = 0

    /// Creates a collector. `items[p]` are point p's items; `models[p]` its
    /// simulation model (for the names of its uncertain parameters);
    /// `drawsURL`: where to stream `draws.csv`, or `nil`.
    public init(paths: [String], points: [SweepPointLabel], regions: RegionTable, items: [ForecastItems], models: [SimulationModel],
                years: [Int], outputs: SweepOutputs, sensitivity: SweepSensitivity, drawsURL: URL? = nil) throws {
        precondition(items.count == points.count && models.count == points.count, "one item list and model per point")
        self.paths = paths
        self.points = points
        self.regions = regions
        self.items = items
        self.years = years
        self.outputs = outputs
        self.sensitivity = sensitivity
        let countyCount = regions.countyCount
        let rowBuilders = items.map { RegionRows(regions: regions, items: $0, years: years, countyCount: countyCount) }
        self.rowBuilders = rowBuilders
        var cells: [Cell] = []
        let lookups = items.map { list in Dictionary(uniqueKeysWithValues: list.names.enumerated().map { ($1, $0) }) }
        for y in years.indices {
            for (r, region) in regions.regions.enumerated() where outputs.regionLevels?.contains(region.level.rawValue) ?? true {
                for name in items[0].names where outputs.items?.contains(name) ?? true {
                    let index = (0..<points.count).map { p in lookups[p][name].map { rowBuilders[p].index(year: y, region: r, item: $0) } }
                    cells.append(Cell(year: y, region: r, item: name, index: index))
                }
            }
        }
        self.cells = cells
        accumulators = points.map { _ in cells.map { _ in SummaryAccumulator(atMost: [0], compression: 200, exactCapacity: 256) } }
        if case .oneAtATime(let pairs) = sensitivity {
            changes = pairs.map { _ in cells.map { _ in RunningMoments() } }
        } else {
            changes = []
        }
        let uncertain = models.map { model in
            model.parameters.entries.enumerated().compactMap { i, e in e.distribution == nil ? nil : (name: e.name, index: i) }
        }
        self.uncertain = uncertain
        let itemNames = Self.itemNames(cells)
        let units = itemNames.map { name in
            zip(items.indices, items).lazy.compactMap { _, list in list.names.firstIndex(of: name).map { list.units[$0] } }.first!
        }
        let parameterNames = Self.parameterNames(uncertain)
        drawsDescription = drawsURL == nil ? nil
            : OutputTables.sweepDraws(items: Array(zip(itemNames, units)).map { (name: $0.0, unit: $0.1) }, parameters: parameterNames)
        drawsWriter = try drawsURL.map { try SweepDrawsWriter(url: $0, description: drawsDescription!, itemNames: itemNames,
                                                              parameterNames: parameterNames) }
    }

    /// The description of `draws.csv` when the collector streams it (`drawsURL` given), else `nil`.
    public let drawsDescription: TableDescription?

    /// Whether every point's value of each swept path is a finite number (the type of its column).
    var numericPaths: [Bool] {
        paths.indices.map { j in points.allSatisfy { Double($0.values[j]).map(\.isFinite) ?? false } }
    }

    static func itemNames(_ cells: [Cell]) -> [String] {
        var seen = Set<String>()
        return cells.compactMap { seen.insert($0.item).inserted ? $0.item : nil }
    }

    static func parameterNames(_ uncertain: [[(name: String, index: Int)]]) -> [String] {
        var seen = Set<String>()
        return uncertain.flatMap { $0.map(\.name) }.filter { seen.insert($0).inserted }
    }

    /// Adds one draw: `results[p]` is point p's result of the draw; call for draws 0, 1, 2, … in order.
    public mutating func add(_ results: [DrawResult]) throws {
        precondition(results.count == points.count, "one result per point")
        precondition(results.allSatisfy { $0.draw == draws }, "draws must be added in order")
        let rows = results.indices.map { rowBuilders[$0].rows(of: results[$0]) }
        for p in points.indices {
            for (c, cell) in cells.enumerated() {
                if let i = cell.index[p] { accumulators[p][c].add(rows[p][i]) }
            }
        }
        if case .oneAtATime(let pairs) = sensitivity {
            for (k, pair) in pairs.enumerated() {
                for (c, cell) in cells.enumerated() {
                    guard let lo = cell.index[pair.low], let hi = cell.index[pair.high] else { continue }
                    changes[k][c].add(rows[pair.high][hi] - rows[pair.low][lo])
                }
            }
        }
        try drawsWriter?.append(draw: draws, results: results, rows: rows, collector: self)
        draws += 1
    }

    /// `points.csv`: `point` and one column per path (``OutputTables/sweepPoints(paths:numeric:)``).
    public func pointsTable() -> Table {
        var table = Table(OutputTables.sweepPoints(paths: paths, numeric: numericPaths))
        for point in points { table.append([String(point.id)] + point.values) }
        return table
    }

    /// `sweep.csv`: per point, the rows of `forecast.csv` (year, region, item, unit,
    /// mean, sd, p05, p50, p95, p99, p95_se, p99_se) for the reported items and region levels,
    /// after `point` and one column per path.
    /// (``OutputTables/sweep(paths:numeric:items:)``).
    public func sweepTable() -> Table {
        // The columns of forecast.csv (OutputTables.forecast), after the point's.
        var csv = Table(OutputTables.sweep(paths: paths, numeric: numericPaths, items: Self.itemNames(cells)))
        for (p, point) in points.enumerated() {
            for (c, cell) in cells.enumerated() where cell.index[p] != nil {
                let accumulator = accumulators[p][c]
                let s = accumulator.summary
                let errors = [accumulator.quantileStandardError(0.95), accumulator.quantileStandardError(0.99)]
                let region = regions.regions[cell.region]
                let unit = items[p].units[items[p].names.firstIndex(of: cell.item)!]
                let labels: [String] = [String(point.id)] + point.values + [String(years[cell.year])] + OutputTables.regionValues(region)
                csv.append(labels + [cell.item, unit.rawValue] + ([s.mean, s.sd, s.p05, s.p50, s.p95, s.p99] + errors).map(ForecastAggregator.number))
            }
        }
        return csv
    }

    /// `sensitivity.csv`, or `nil` when the design has none.
    ///
    /// One at a time (a tornado table): per (year, region, item) and parameter,
    /// the low and high values, the means at each, the mean per-draw change
    /// high − low, its Monte Carlo standard error (sd of the per-draw changes /
    /// √draws: both points use the same random numbers, so the error is that of
    /// the difference, not of two independent means) and the parameter's rank by
    /// |change| within the cell (1 = largest).
    ///
    /// Latin hypercube: per (year, region, item) and parameter, the partial rank
    /// correlation coefficient of the points' means with the parameter's values
    /// (empty when undefined, e.g. an item that does not vary), ranked by |PRCC|.
    ///
    /// Regions carry the same columns as `forecast.csv` (``OutputTables/regionValues(_:)``), so the
    /// table joins with `sweep.csv` and `forecast.csv`; the tornado's values have a `unit` column.
    public func sensitivityTable() -> Table? {
        switch sensitivity {
        case .none:
            return nil
        case .oneAtATime(let pairs):
            let column = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
            let numeric = numericPaths
            var csv = Table(OutputTables.sensitivityOneAtATime(items: Self.itemNames(cells),
                                                               numericValues: pairs.allSatisfy { numeric[column[$0.parameter]!] }))
            for (c, cell) in cells.enumerated() {
                let region = regions.regions[cell.region]
                let rows: [(Int, Double)] = pairs.indices.compactMap { k in
                    guard cell.index[pairs[k].low] != nil, cell.index[pairs[k].high] != nil else { return nil }
                    return (k, changes[k][c].mean)
                }
                let ranked = rows.sorted { (abs($0.1), -$0.0) > (abs($1.1), -$1.0) }
                for (rank, (k, _)) in ranked.enumerated() {
                    let pair = pairs[k]
                    let moments = changes[k][c]
                    let se = moments.count > 1 ? moments.standardDeviation / Double(moments.count).squareRoot() : Double.nan
                    let j = column[pair.parameter]!
                    let unit = items[pair.low].units[items[pair.low].names.firstIndex(of: cell.item)!]
                    csv.append([String(years[cell.year])] + OutputTables.regionValues(region) + [cell.item, unit.rawValue, String(rank + 1), pair.parameter,
                                points[pair.low].values[j], points[pair.high].values[j],
                                ForecastAggregator.number(accumulators[pair.low][c].summary.mean),
                                ForecastAggregator.number(accumulators[pair.high][c].summary.mean),
                                ForecastAggregator.number(moments.mean), ForecastAggregator.number(se)])
                }
            }
            return csv
        case .rankCorrelation(let values):
            var csv = Table(OutputTables.sensitivityRankCorrelation(items: Self.itemNames(cells)))
            let inputs = paths.indices.map { j in values.map { $0[j] } }
            for (c, cell) in cells.enumerated() {
                let region = regions.regions[cell.region]
                let present = points.indices.filter { cell.index[$0] != nil }
                let output = present.map { accumulators[$0][c].summary.mean }
                let prcc = PartialRankCorrelation.coefficients(inputs: inputs.map { column in present.map { column[$0] } }, output: output)
                let ranked = paths.indices.sorted { (abs(prcc[$0] ?? -1), -$0) > (abs(prcc[$1] ?? -1), -$1) }
                for (rank, j) in ranked.enumerated() {
                    csv.append([String(years[cell.year])] + OutputTables.regionValues(region) + [cell.item, String(rank + 1), paths[j],
                                prcc[j].map(ForecastAggregator.number) ?? "", String(present.count)])
                }
            }
            return csv
        }
    }

    /// Writes `points.csv`, `sweep.csv` and (when the design has one) `sensitivity.csv`
    /// into `output`, and closes `draws.csv`; each table's description goes into `datapackage.json`.
    public mutating func write(into output: inout OutputDirectory) throws {
        try drawsWriter?.close()
        drawsWriter = nil
        if let drawsDescription { output.declare(drawsDescription) }
        try output.write(pointsTable())
        try output.write(sweepTable())
        if let sensitivity = sensitivityTable() { try output.write(sensitivity) }
    }
}

/// Streams a sweep's `draws.csv` one draw at a time: one row per (point, draw,
/// year, region) with the reported items as columns, then the drawn value of
/// every model parameter that carries uncertainty (empty for a point whose model
/// lacks it), so that a sensitivity analysis can be run on the draws afterwards.
struct SweepDrawsWriter {
    let handle: FileHandle
    let itemNames: [String]
    let parameterNames: [String]

    init(url: URL, description: TableDescription, itemNames: [String], parameterNames: [String]) throws {
        self.itemNames = itemNames
        self.parameterNames = parameterNames
        let line = description.header.map(CSVWriter.escape).joined(separator: ",") + "\n"
        guard FileManager.default.createFile(atPath: url.path, contents: Data(line.utf8)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    func append(draw: Int, results: [DrawResult], rows: [[Double]], collector: SweepCollector) throws {
        var text = ""
        for (p, point) in collector.points.enumerated() {
            let byName = Dictionary(uniqueKeysWithValues: collector.uncertain[p].map { ($0.name, $0.index) })
            let parameters = parameterNames.map { name in
                byName[name].map { NumberText.shortest(results[p].parameters[$0]) } ?? ""
            }.joined(separator: ",")
            var rowsOfPoint: [String: [String]] = [:]
            var order: [(Int, Int)] = []
            for cell in collector.cells {
                let key = "\(cell.year),\(cell.region)"
                if rowsOfPoint[key] == nil { rowsOfPoint[key] = []; order.append((cell.year, cell.region)) }
                rowsOfPoint[key]!.append(cell.index[p].map { ForecastAggregator.number(rows[p][$0]) } ?? "")
            }
            for (y, r) in order {
                let fields = rowsOfPoint["\(y),\(r)"]!
                text += "\(point.id),\(draw),\(collector.years[y]),\(CSVWriter.escape(collector.regions.regions[r].id)),"
                text += fields.joined(separator: ",")
                text += parameterNames.isEmpty ? "\n" : ",\(parameters)\n"
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws { try handle.close() }
}
