import Foundation
import Reporting
import Simulation

/// One `fundsim run`: simulates every draw, streams the draws into the
/// summaries (and, with `keepDraws`, into `draws.csv` and the drawn values of
/// the uncertain parameters into `parameter_draws.csv`), and writes the tables
/// and the manifest into an output folder that appears only when complete.
/// `fundsim merge` writes the same tables from the draws of shards through
/// ``write(into:manifest:draws:)``: both feed one ``ForecastConsumer``.
public struct ForecastJob {
    /// The configured runner.
    public let runner: MonteCarloRunner
    /// The regions of the output.
    public let regions: RegionTable
    /// Also write every draw's values (`draws.csv`, long format).
    public let keepDraws: Bool

    /// Creates a job.
    public init(runner: MonteCarloRunner, regions: RegionTable, keepDraws: Bool) {
        self.runner = runner
        self.regions = regions
        self.keepDraws = keepDraws
    }

    /// Runs the job into `output` and commits it: the tables, `files` (name → text, e.g. the
    /// resolved `scenario.yaml`), `manifest.json` (completed with the wall time) and
    /// `datapackage.json` (the tables' schemas). On any error the output is discarded:
    /// nothing is left at its destination that was not there before.
    public func run(into output: consuming OutputDirectory, manifest: Manifest, files: [String: String] = [:],
                    progress: ((Int) -> Void)? = nil) throws -> ForecastAggregator {
        try write(into: output, manifest: manifest, files: files) { consume in
            try runner.run(progress: { progress?($0) }) { try consume($0) }
        }
    }

    /// Writes the tables of the draws that `source` hands to its argument — every
    /// draw of the job, `0..<draws`, in draw order (e.g. read back from shards) —
    /// exactly as ``run(into:manifest:files:progress:)`` does with simulated draws.
    public func write(into folder: URL, manifest: Manifest, files: [String: String] = [:],
                      draws source: ((DrawResult) throws -> Void) throws -> Void) throws -> ForecastAggregator {
        try write(into: OutputDirectory(folder), manifest: manifest, files: files, draws: source)
    }

    /// ``write(into:manifest:files:draws:)`` into an output folder already opened (and so checked).
    public func write(into output: consuming OutputDirectory, manifest: Manifest, files: [String: String] = [:],
                      draws source: ((DrawResult) throws -> Void) throws -> Void) throws -> ForecastAggregator {
        let started = Date()
        var consumer = try ForecastConsumer(runner: runner, regions: regions, keepDraws: keepDraws, output: &output)
        try source { try consumer.add($0) }
        let aggregator = try consumer.finish(into: &output)
        for name in files.keys.sorted() { try output.write(files[name]!, to: name) }
        var final = manifest
        final.wallTimeSeconds = Date().timeIntervalSince(started)
        try output.commit(manifest: final)
        return aggregator
    }
}

/// What the forecast makes of the draws: each draw result, taken in draw order,
/// goes into the summaries of `forecast.csv`, `county_liability.csv`,
/// `indicators.csv`, `population.csv` and `capitation.csv`, and with
/// `keepDraws` into `draws.csv` and `parameter_draws.csv`. The one consumer of draw results shared by
/// `fundsim run` (simulated draws) and `fundsim merge` (draws read from shards),
/// so that both write the same bytes.
public struct ForecastConsumer {
    /// The runner whose draws are consumed (layouts, pilots, years).
    public let runner: MonteCarloRunner
    /// The forecast summaries.
    public private(set) var aggregator: ForecastAggregator
    var population: PopulationAggregator
    var capitation: CapitationDraws
    var draws: DrawsWriter?
    var parameterDraws: ParameterDrawsTable?

    /// Creates the consumer; with `keepDraws`, `draws.csv` is streamed into `output`'s staging folder.
    public init(runner: MonteCarloRunner, regions: RegionTable, keepDraws: Bool, output: inout OutputDirectory) throws {
        self.runner = runner
        let years = runner.configuration.years
        aggregator = ForecastAggregator(regions: regions, items: ForecastItems(runner: runner), years: years,
                                        countyCount: runner.model.population.counties.count)
        population = PopulationAggregator(regions: regions, population: runner.model.population, years: years)
        capitation = CapitationDraws(runner: runner)
        draws = nil
        if keepDraws {
            let description = OutputTables.draws(items: aggregator.items.names)
            draws = try DrawsWriter(url: output.url(for: description.path), description: description, aggregator: aggregator)
            output.declare(description)
        }
        parameterDraws = keepDraws ? ParameterDrawsTable(model: runner.model) : nil
    }

    /// Adds the next draw; draws must come in order `0, 1, 2, …`.
    public mutating func add(_ result: DrawResult) throws {
        guard result.draw == aggregator.draws else {
            throw ForecastConsumerError.outOfOrder(expected: aggregator.draws, got: result.draw)
        }
        let rows = aggregator.regionRows(of: result)
        aggregator.add(rows: rows)
        population.add(result)
        if !runner.pilots.isEmpty { capitation.add(result) }
        try draws?.append(draw: result.draw, rows: rows)
        parameterDraws?.add(result)
        if aggregator.draws == runner.configuration.draws {
            // The last draw: the summaries take the draws still kept, here where the consumer is
            // surely not shared (in the consuming `finish` it may be a copy, and the hand-over would copy every sketch).
            aggregator.flush()
            population.flush()
        }
    }

    /// Closes `draws.csv` and writes the tables into `output`'s staging folder; returns the summaries.
    public consuming func finish(into output: inout OutputDirectory) throws -> ForecastAggregator {
        guard aggregator.draws == runner.configuration.draws else {
            throw ForecastConsumerError.incomplete(expected: runner.configuration.draws, got: aggregator.draws)
        }
        try draws?.close()
        if let parameterDraws { try output.write(parameterDraws.table) }
        if !runner.pilots.isEmpty { try output.write(capitation.table()) }
        try output.write(aggregator.forecastTable())
        try output.write(aggregator.countyLiabilityTable())
        try output.write(aggregator.indicatorTable(IndicatorSpec.specs(targets: runner.model.indicatorTargets,
                                                                       catastrophicShare: runner.catastrophicShare)))
        try output.write(population.table())
        return aggregator
    }
}

/// Draws handed to a ``ForecastConsumer`` out of order or short of the job's count.
public enum ForecastConsumerError: Error, CustomStringConvertible {
    /// A draw came out of order.
    case outOfOrder(expected: Int, got: Int)
    /// Fewer draws than the job has.
    case incomplete(expected: Int, got: Int)

    /// The message.
    public var description: String {
        switch self {
        case let .outOfOrder(expected, got): "draw \(got) came where draw \(expected) was expected (draws must come in order)"
        case let .incomplete(expected, got): "\(got) draws of \(expected)"
        }
    }
}

/// Streams `draws.csv` (``OutputTables/draws(items:)``) one draw at a time,
/// so memory does not grow with the number of draws. A draw's rows are made as
/// bytes: each (year, region)'s `year,region_level,region_id,` and each item's
/// `item,unit,` are made once, the values by ``NumberText/appendFixed(_:decimals:to:)``
/// as ``ForecastAggregator/number(_:)`` writes them.
struct DrawsWriter {
    let handle: FileHandle
    /// `year,region_level,region_id,` of each (year index × regions + region), as UTF-8.
    let regionLabels: [[UInt8]]
    /// `item,unit,` of each item, as UTF-8.
    let itemLabels: [[UInt8]]
    /// The bytes of the draw being written (kept to reuse its capacity).
    var text: [UInt8] = []

    init(url: URL, description: TableDescription, aggregator: ForecastAggregator) throws {
        let header = description.header.joined(separator: ",") + "\n"
        guard FileManager.default.createFile(atPath: url.path, contents: Data(header.utf8)) else {
            throw ReportingError.system("create", url.path, errno)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        regionLabels = aggregator.years.flatMap { year in
            aggregator.regions.regions.map { Array("\(year),\($0.level.rawValue),\(CSVWriter.escape($0.id)),".utf8) }
        }
        itemLabels = zip(aggregator.items.names, aggregator.items.units).map { Array("\($0),\($1.rawValue),".utf8) }
    }

    mutating func append(draw: Int, rows: [Double]) throws {
        text.removeAll(keepingCapacity: true)
        let prefix = Array("\(draw),".utf8)
        var row = 0
        for labels in regionLabels {
            for item in itemLabels {
                text.append(contentsOf: prefix)
                text.append(contentsOf: labels)
                text.append(contentsOf: item)
                ForecastAggregator.appendNumber(rows[row], to: &text)
                text.append(UInt8(ascii: "\n"))
                row += 1
            }
        }
        precondition(row == rows.count, "a draw's rows do not match the table's regions and items")
        try handle.write(contentsOf: text)
    }

    func close() throws { try handle.close() }
}

/// `parameter_draws.csv` of `fundsim run --keep-draws`: per draw, the value of
/// every model parameter that carries `uncertainty`, as drawn (one column each,
/// named by the parameter), so that a sensitivity analysis of the draws (e.g.
/// regressing `draws.csv` items on them) can be done after the run.
public struct ParameterDrawsTable {
    /// Names and indices of the uncertain parameters.
    public let uncertain: [(name: String, index: Int)]
    /// The table so far.
    public private(set) var table: Table

    /// Creates the table of a model's uncertain parameters.
    public init(model: SimulationModel) {
        uncertain = model.parameters.entries.enumerated().compactMap { i, e in e.distribution == nil ? nil : (e.name, i) }
        table = Table(OutputTables.parameterDraws(names: uncertain.map(\.name)))
    }

    /// Adds one draw's row (call in draw order).
    public mutating func add(_ result: DrawResult) {
        table.append([String(result.draw)] + uncertain.map { NumberText.shortest(result.parameters[$0.index]) })
    }
}
