import Cohort
import Foundation
import Forecast
import ProjectedPopulation
import Scenario
import Simulation

/// Everything a sweep needs before it runs: the spec, its points, each point's
/// loaded scenario, and the points grouped by simulation model, one runner per
/// group ("sample once, settle many": points whose models sample alike, i.e.
/// that differ only in settlement or fiscal parameters, share one pass over the
/// people; a point that changes the simulation model gets its own).
public struct SweepSetup {
    /// The spec.
    public let spec: SweepSpec
    /// The base scenario (no overrides).
    public let base: Scenario
    /// The points.
    public let design: SweepDesign
    /// Each point's scenario, in point order.
    public let scenarios: [Scenario]
    /// The groups of points sharing a simulation model, each with its runner.
    public let groups: [SweepGroup]
    /// The output regions (the base scenario's).
    public let regions: RegionTable
    /// The years run.
    public let years: [Int]

    /// Loads the base scenario and every point, checks the spec against them and
    /// builds the runners. `years`: `nil` for the base scenario's horizon. `onlyCounties`:
    /// simulate and report only these counties (indices into the base scenario's counties,
    /// ``CountySelection``; every point has the same regions). Errors
    /// name the spec (or points) file and line, or the scenario's.
    public init(spec: SweepSpec, seed: UInt64, draws: Int, threads: Int, years: [Int]?, parameterUncertainty: Bool,
                onlyCounties: Set<Int>? = nil) throws(ScenarioError) {
        self.spec = spec
        base = try ScenarioLoader.load(nameOrPath: spec.scenarioLocation, overrides: [])
        guard let baseSimulation = base.simulation else {
            throw ScenarioError(file: base.sourceName, line: 0, field: "simulation",
                                message: "the base scenario has no simulation section; a sweep needs one (see Scenarios/FORMAT.md)")
        }
        let runYears = years ?? Array(base.years)
        self.years = runYears
        design = try SweepDesign.make(spec, base: base, seed: seed)
        var scenarios: [Scenario] = []
        for point in design.points {
            let scenario = try ScenarioLoader.load(nameOrPath: spec.scenarioLocation, overrides: point.overrides)
            guard scenario.simulation != nil else {
                throw ScenarioError(file: spec.file, line: 0, field: "", message: "point \(point.id) has no simulation section")
            }
            guard runYears.allSatisfy(scenario.years.contains) else {
                throw ScenarioError(file: spec.file, line: spec.parameters.first?.line ?? 0, field: "",
                                    message: "point \(point.id)'s horizon \(scenario.years.lowerBound)-\(scenario.years.upperBound) does not cover the years \(runYears.first!)-\(runYears.last!)")
            }
            scenarios.append(scenario)
        }
        self.scenarios = scenarios
        regions = RegionTable(population: baseSimulation.model.population, provinceID: baseSimulation.provinceID,
                              provinceName: baseSimulation.provinceName, counties: onlyCounties)
        if onlyCounties != nil, let levels = spec.regionLevels, !levels.contains(RegionLevel.county.rawValue) {
            throw ScenarioError(file: spec.file, line: 0, field: "sweep.outputs.region_levels",
                                message: "a sweep of selected counties (--counties) reports county rows only; add county to region_levels")
        }

        // Group by what sampling depends on: the model without provenance, and the region labels.
        struct Key: Hashable {
            let model: SimulationModel
            let provinceID: String, provinceName: String
        }
        var order: [Key] = []
        var members: [Key: [Int]] = [:]
        for (i, scenario) in scenarios.enumerated() {
            let simulation = scenario.simulation!
            let key = Key(model: simulation.model.samplingIdentity, provinceID: simulation.provinceID, provinceName: simulation.provinceName)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(i)
        }
        let configuration = RunConfiguration(seed: seed, draws: draws, threads: threads, years: runYears,
                                             parameterUncertainty: parameterUncertainty, onlyCounties: onlyCounties)
        var groups: [SweepGroup] = []
        for key in order {
            let points = members[key]!
            let first = scenarios[points[0]]
            let model = first.simulation!.model
            let groupRegions = RegionTable(population: model.population, provinceID: key.provinceID, provinceName: key.provinceName,
                                           counties: onlyCounties)
            guard groupRegions.regions == regions.regions else {
                throw ScenarioError(file: spec.file, line: 0, field: "",
                                    message: "point \(points[0]) changes the regions (province, prefectures or counties); a sweep reports one set of regions")
            }
            var population: (any PopulationProjection)?
            if model.cohort != nil {
                BLASThreads.set(threads)
                do {
                    population = try CohortPopulation(model: model, years: runYears, baseYear: first.years.lowerBound)
                } catch {
                    throw ScenarioError(file: first.sourceName, line: 0, field: "simulation.cohort", message: "\(error)")
                }
            }
            let variants = points.map { p in
                SettlementVariant(plan: scenarios[p].plan, fiscal: scenarios[p].fiscal, catastrophicShare: scenarios[p].simulation!.catastrophicShare)
            }
            do {
                let runner = try MonteCarloRunner(variants: variants, model: model, configuration: configuration, population: population)
                groups.append(SweepGroup(runner: runner, points: points))
            } catch {
                throw ScenarioError(file: first.sourceName, line: 0, field: error.path, message: error.message)
            }
        }
        self.groups = groups

        if let items = spec.items {
            let known = ForecastItems(layout: groups[0].runner.layouts[0]).names
            for (name, line) in items where !known.contains(name) {
                throw ScenarioError(file: spec.file, line: line, field: "sweep.outputs.items",
                                    message: "unknown item '\(name)'; expected one of \(known.joined(separator: ", "))")
            }
        }
    }

    /// The collector of the sweep's tables (see ``SweepCollector``); `drawsURL`: where to stream `draws.csv`, or `nil`.
    public func collector(drawsURL: URL?) throws -> SweepCollector {
        var items = [ForecastItems?](repeating: nil, count: scenarios.count)
        var models = [SimulationModel?](repeating: nil, count: scenarios.count)
        for group in groups {
            for (k, p) in group.points.enumerated() {
                items[p] = ForecastItems(layout: group.runner.layouts[k], catastrophicThresholds: group.runner.catastrophicThresholds(variant: k))
                models[p] = group.runner.model
            }
        }
        return try SweepCollector(paths: spec.parameters.map(\.path),
                                  points: design.points.map { SweepPointLabel(id: $0.id, values: $0.values) },
                                  regions: regions, items: items.map { $0! }, models: models.map { $0! }, years: years,
                                  outputs: spec.outputs, sensitivity: design.sensitivity, drawsURL: drawsURL)
    }
}
