import Foundation
import Reporting
import Simulation

/// One `fundsim run`: simulates every draw, streams the draws into the
/// summaries (and, with `keepDraws`, into `draws.csv` and the drawn values of
/// the uncertain parameters into `parameter_draws.csv`), and writes the tables
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

    /// Runs the job into `folder` (created, or replaced as a whole on success).
    /// `manifest` is completed with the wall time and written last; `files`
    /// (name → text, e.g. the resolved `scenario.yaml`) are written beside the
    /// tables. On any error nothing is left at `folder` that was not there before.
    public func run(into folder: URL, manifest: Manifest, files: [String: String] = [:],
                    progress: ((Int) -> Void)? = nil) throws -> ForecastAggregator {
        let started = Date()
        let output = try OutputDirectory(folder)
        let years = runner.configuration.years
        var aggregator = ForecastAggregator(regions: regions, items: ForecastItems(layout: runner.layout), years: years,
                                            countyCount: runner.model.population.counties.count)
        var population = PopulationAggregator(regions: regions, population: runner.model.population, years: years)
        var draws: DrawsWriter? = keepDraws ? try DrawsWriter(url: output.url(for: "draws.csv")) : nil
        var parameterDraws = ParameterDrawsTable(model: runner.model)
        var capitation = CapitationDraws(runner: runner)
        try runner.run(progress: { progress?($0) }) { result in
            let rows = aggregator.regionRows(of: result)
            aggregator.add(rows: rows)
            population.add(result)
            if !runner.pilots.isEmpty { capitation.add(result) }
            try draws?.append(draw: result.draw, rows: rows, aggregator: aggregator)
            if keepDraws { parameterDraws.add(result) }
        }
        try draws?.close()
        if keepDraws { try output.write(parameterDraws.table.text, to: "parameter_draws.csv") }
        if !runner.pilots.isEmpty { try output.write(capitation.table().text, to: "capitation.csv") }
        try output.write(aggregator.forecastTable().text, to: "forecast.csv")
        try output.write(aggregator.countyLiabilityTable().text, to: "county_liability.csv")
        try output.write(aggregator.indicatorTable().text, to: "indicators.csv")
        try output.write(population.table().text, to: "population.csv")
        for name in files.keys.sorted() { try output.write(files[name]!, to: name) }
        var final = manifest
        final.wallTimeSeconds = Date().timeIntervalSince(started)
        try final.write(into: output)
        try output.commit()
        return aggregator
    }
}

/// Streams `draws.csv` (`draw, year, region, item, value`) one draw at a time,
/// so memory does not grow with the number of draws.
struct DrawsWriter {
    let handle: FileHandle

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data("draw,year,region,item,value\n".utf8)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    mutating func append(draw: Int, rows: [Double], aggregator: ForecastAggregator) throws {
        var text = ""
        let names = aggregator.items.names
        for (y, year) in aggregator.years.enumerated() {
            for (r, region) in aggregator.regions.regions.enumerated() {
                let base = (y * aggregator.regions.regions.count + r) * names.count
                for (i, item) in names.enumerated() {
                    text += "\(draw),\(year),\(region.id),\(item),\(ForecastAggregator.number(rows[base + i]))\n"
                }
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
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
    public private(set) var table: CSVWriter

    /// Creates the table of a model's uncertain parameters.
    public init(model: SimulationModel) {
        uncertain = model.parameters.entries.enumerated().compactMap { i, e in e.distribution == nil ? nil : (e.name, i) }
        table = CSVWriter(header: ["draw"] + uncertain.map(\.name))
    }

    /// Adds one draw's row (call in draw order).
    public mutating func add(_ result: DrawResult) {
        table.append([String(result.draw)] + uncertain.map { NumberText.shortest(result.parameters[$0.index]) })
    }
}
