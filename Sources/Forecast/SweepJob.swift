import Foundation
import Reporting
import Simulation

/// Points of a sweep that share one simulation model: one runner samples each
/// person-year once and settles it under every point's plan (its settlement
/// variants); variant k is point `points[k]`.
public struct SweepGroup: Sendable {
    /// The runner, one settlement variant per point of the group.
    public let runner: MonteCarloRunner
    /// The sweep's point index of each of the runner's variants.
    public let points: [Int]

    /// Creates a group; the runner must have one variant per point.
    public init(runner: MonteCarloRunner, points: [Int]) {
        precondition(runner.variantCount == points.count, "one settlement variant per point")
        self.runner = runner
        self.points = points
    }
}

/// Every point's results of one draw from a set of groups: the unit a
/// scheduler (or a shard) produces, in point order.
public struct SweepDraws: Sendable {
    /// The groups; together they hold every point exactly once.
    public let groups: [SweepGroup]
    /// Number of points.
    public let pointCount: Int

    /// Creates the producer; the groups must share seed, draws, threads and years.
    public init(groups: [SweepGroup]) {
        precondition(!groups.isEmpty, "at least one group")
        let first = groups[0].runner.configuration
        precondition(groups.allSatisfy { $0.runner.configuration == first }, "groups must share seed, draws, threads and years")
        self.groups = groups
        pointCount = groups.reduce(0) { $0 + $1.points.count }
        precondition(Set(groups.flatMap(\.points)) == Set(0..<pointCount), "every point in exactly one group")
    }

    /// The configuration every group shares.
    public var configuration: RunConfiguration { groups[0].runner.configuration }

    /// Every point's result of `draw`, in point order (each group simulates its people once).
    public func results(draw: Int) -> [DrawResult] {
        let work = work(draw: draw)
        return work.assemble((0..<work.unitCount).map(work.run(unit:)))
    }

    /// Draw `draw` split into units for the scheduler: every group's counties
    /// (``MonteCarloRunner/work(draw:)``), interleaved so that the largest
    /// counties of every group come first.
    public func work(draw: Int) -> SweepDrawWork {
        SweepDrawWork(groups: groups.map { $0.runner.work(draw: draw) }, points: groups.map(\.points), pointCount: pointCount)
    }

    /// Runs draws `0..<draws` (or only `range`, a shard of the sweep: see ``DrawScheduler``) on the
    /// configured threads, which share each draw's counties, and hands every draw's results to
    /// `consume` in draw order.
    public func run(draws range: Range<Int>? = nil, progress: (Int) -> Void = { _ in },
                    consume: ([DrawResult]) throws -> Void) throws {
        let chunk = groups.map(\.runner.population.chunkSize).min() ?? .max
        try DrawScheduler(draws: configuration.draws, threads: configuration.threads, chunkSize: chunk)
            .run(range: range, prepare: { draws in
                    for group in groups { group.runner.population.prepare(draws: draws, parameters: group.runner.parameters(draw:)) }
                 },
                 work: work(draw:), progress: progress, consume: consume)
    }
}

/// One draw of a sweep as units (``DrawWork``): the county units of every group's
/// runner, interleaved (every group's first unit, then every group's second, …) so
/// that the largest counties of every group come first; assembled into every
/// point's result, in point order.
public struct SweepDrawWork: DrawWork {
    /// Each group's draw.
    public let groups: [CountyDrawWork]
    /// Each group's point indices, by variant.
    public let points: [[Int]]
    /// Number of points.
    public let pointCount: Int
    /// Unit i is group `units[i].group`'s unit `units[i].unit`.
    let units: [(group: Int, unit: Int)]

    /// Creates the draw of `groups` (group g's variant k is point `points[g][k]`).
    public init(groups: [CountyDrawWork], points: [[Int]], pointCount: Int) {
        self.groups = groups
        self.points = points
        self.pointCount = pointCount
        let longest = groups.map(\.unitCount).max() ?? 0
        units = (0..<longest).flatMap { u in groups.indices.filter { u < groups[$0].unitCount }.map { (group: $0, unit: u) } }
    }

    /// Every group's units.
    public var unitCount: Int { units.count }

    /// Runs one county unit of one group.
    public func run(unit: Int) -> CountyRows { groups[units[unit].group].run(unit: units[unit].unit) }

    /// Every point's result of the draw, in point order.
    public func assemble(_ parts: [CountyRows]) -> [DrawResult] {
        var own = groups.map { [CountyRows?](repeating: nil, count: $0.unitCount) }
        for (i, part) in parts.enumerated() { own[units[i].group][units[i].unit] = part }
        var results = [DrawResult?](repeating: nil, count: pointCount)
        for (g, group) in groups.enumerated() {
            for (k, result) in group.assemble(own[g].map { $0! }).enumerated() { results[points[g][k]] = result }
        }
        return results.map { $0! }
    }
}

/// One `fundsim sweep`: runs every point's draws (points sharing a simulation
/// model share the sampled population and claims) and writes `points.csv`,
/// `sweep.csv`, `sensitivity.csv`, `draws.csv` (when the collector streams it)
/// `manifest.json` and `datapackage.json` (the tables' schemas, ``OutputTables``) into an
/// output folder that appears only when complete.
public struct SweepJob {
    /// The draws of every point.
    public let draws: SweepDraws

    /// Creates a job.
    public init(groups: [SweepGroup]) { draws = SweepDraws(groups: groups) }

    /// Runs the job into `folder`; `makeCollector` receives the staging location
    /// of `draws.csv` (for the collector to stream into, or ignore). On any error
    /// nothing is left at `folder` that was not there before.
    /// `files` (name → text, e.g. a copy of the spec and of the base scenario) are written beside the tables.
    public func run(into folder: URL, manifest: Manifest, files: [(name: String, text: String)] = [],
                    makeCollector: (URL) throws -> SweepCollector, progress: ((Int) -> Void)? = nil) throws {
        try run(into: OutputDirectory(folder), manifest: manifest, files: files, makeCollector: makeCollector, progress: progress)
    }

    /// ``run(into:manifest:files:makeCollector:progress:)`` into an output folder already opened (and so checked).
    public func run(into output: consuming OutputDirectory, manifest: Manifest, files: [(name: String, text: String)] = [],
                    makeCollector: (URL) throws -> SweepCollector, progress: ((Int) -> Void)? = nil) throws {
        try write(into: output, manifest: manifest, files: files, makeCollector: makeCollector) { consume in
            try draws.run(progress: { progress?($0) }) { try consume($0) }
        }
    }

    /// Writes the tables of the draws that `source` hands to its argument — every
    /// draw `0..<draws`, in draw order, each with every point's result (e.g. read
    /// back from shards by `fundsim merge`) — through the same collector as ``run(into:manifest:files:makeCollector:progress:)``.
    public func write(into folder: URL, manifest: Manifest, files: [(name: String, text: String)] = [],
                      makeCollector: (URL) throws -> SweepCollector,
                      draws source: (([DrawResult]) throws -> Void) throws -> Void) throws {
        try write(into: OutputDirectory(folder), manifest: manifest, files: files, makeCollector: makeCollector, draws: source)
    }

    /// ``write(into:manifest:files:makeCollector:draws:)`` into an output folder already opened (and so checked).
    public func write(into output: consuming OutputDirectory, manifest: Manifest, files: [(name: String, text: String)] = [],
                      makeCollector: (URL) throws -> SweepCollector,
                      draws source: (([DrawResult]) throws -> Void) throws -> Void) throws {
        let started = Date()
        for file in files { try output.write(file.text, to: file.name) }
        var collector = try makeCollector(output.url(for: "draws.csv"))
        try source { results in
            guard results.count == draws.pointCount, results.allSatisfy({ $0.draw == collector.draws }) else {
                throw ForecastConsumerError.outOfOrder(expected: collector.draws, got: results.first?.draw ?? -1)
            }
            try collector.add(results)
        }
        guard collector.draws == draws.configuration.draws else {
            throw ForecastConsumerError.incomplete(expected: draws.configuration.draws, got: collector.draws)
        }
        try collector.write(into: &output)
        var final = manifest
        final.wallTimeSeconds = Date().timeIntervalSince(started)
        try output.commit(manifest: final)
    }
}
