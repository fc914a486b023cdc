import Foundation
import Reporting
import Simulation

/// One `fundsim run`: simulates every draw, streams the draws into the
/// summaries (and, with `keepDraws`, into `draws.csv`), and writes the tables
/// and the manifest into an output folder that appears only when complete.
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
        let started = Date()
        let years = runner.configuration.years
        var aggregator = ForecastAggregator(regions: regions, items: ForecastItems(layout: runner.layout), years: years,
                                            countyCount: runner.model.population.counties.count)
        var population = PopulationAggregator(regions: regions, population: runner.model.population, years: years)
        var draws: DrawsWriter?
        if keepDraws {
            let description = OutputTables.draws(items: aggregator.items.names)
            draws = try DrawsWriter(url: output.url(for: description.path), description: description)
            output.declare(description)
        }
        var capitation = CapitationDraws(runner: runner)
        try runner.run(progress: { progress?($0) }) { result in
            let rows = aggregator.regionRows(of: result)
            aggregator.add(rows: rows)
            population.add(result)
            if !runner.pilots.isEmpty { capitation.add(result) }
            try draws?.append(draw: result.draw, rows: rows, aggregator: aggregator)
        }
        try draws?.close()
        if !runner.pilots.isEmpty { try output.write(capitation.table()) }
        try output.write(aggregator.forecastTable())
        try output.write(aggregator.countyLiabilityTable())
        try output.write(aggregator.indicatorTable())
        try output.write(population.table())
        for name in files.keys.sorted() { try output.write(files[name]!, to: name) }
        var final = manifest
        final.wallTimeSeconds = Date().timeIntervalSince(started)
        try output.commit(manifest: final)
        return aggregator
    }
}

/// Streams `draws.csv` (``OutputTables/draws(items:)``) one draw at a time,
/// so memory does not grow with the number of draws.
struct DrawsWriter {
    let handle: FileHandle

    init(url: URL, description: TableDescription) throws {
        let header = description.header.joined(separator: ",") + "\n"
        guard FileManager.default.createFile(atPath: url.path, contents: Data(header.utf8)) else {
            throw ReportingError.system("create", url.path, errno)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    mutating func append(draw: Int, rows: [Double], aggregator: ForecastAggregator) throws {
        var text = ""
        let names = aggregator.items.names
        let units = aggregator.items.units.map(\.rawValue)
        for (y, year) in aggregator.years.enumerated() {
            for (r, region) in aggregator.regions.regions.enumerated() {
                let base = (y * aggregator.regions.regions.count + r) * names.count
                let labels = "\(draw),\(year),\(region.level.rawValue),\(CSVWriter.escape(region.id)),"
                for (i, item) in names.enumerated() {
                    text += "\(labels)\(item),\(units[i]),\(ForecastAggregator.number(rows[base + i]))\n"
                }
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws { try handle.close() }
}
