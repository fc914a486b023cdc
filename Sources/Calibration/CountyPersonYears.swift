import Settlement
import Simulation

/// Simulates one county of a scenario's model, draw by draw, and returns every
/// simulated person-year's totals (``PersonYearAmounts``): the per-person data the
/// forecast only sums, for the fit report's posterior predictive check.
///
/// Each draw is simulated exactly as `fundsim run` simulates that county (same
/// parameter draw, same population cells, same random streams keyed by (seed,
/// draw, county, year, person), the same engine): the sums of its rows are the
/// county's ledger row of the run. Only the first plan's settlement is kept.
public struct CountyPersonYears: Sendable {
    /// The model.
    public let model: SimulationModel
    /// The county's index in the model's population.
    public let county: Int
    /// The years simulated, ascending.
    public let years: [Int]
    /// The engine of each year.
    public let engines: [SettlementEngine]
    /// The ledger layout of the plan.
    public let layout: LedgerLayout
    /// The seed of every stream.
    public let seed: UInt64
    /// Whether each draw draws the uncertain parameters (off: point values).
    public let parameterUncertainty: Bool
    /// The population projection (prepared by the caller for the draws it asks for, as in a run).
    public let population: any PopulationProjection

    /// Creates the simulation of `county` of `model` for `years`, with the plan's
    /// engines (one per year) and tier ids.
    public init(model: SimulationModel, county: Int, years: [Int], engines: [SettlementEngine], tierIDs: [String],
                perPersonIDs: [String], seed: UInt64, parameterUncertainty: Bool, population: (any PopulationProjection)? = nil) {
        precondition(engines.count == years.count, "one engine per year")
        self.model = model
        self.county = county
        self.years = years
        self.engines = engines
        layout = LedgerLayout(tierIDs: tierIDs, perPersonIDs: perPersonIDs)
        self.seed = seed
        self.parameterUncertainty = parameterUncertainty
        self.population = population ?? StaticPopulation(model: model)
    }

    /// The parameter values of draw `draw`.
    public func parameters(draw: Int) -> DrawnParameters {
        parameterUncertainty ? model.parameters.draw(seed: seed, draw: draw) : model.parameters.pointValues
    }

    /// Prepares the population of draws `draws` (a cohort projection's batch); needed before
    /// ``personYears(draw:)`` of those draws (``statistics(draws:threads:progress:)`` does it).
    public func prepare(draws: Range<Int>) {
        let this = self
        population.prepare(draws: draws) { this.parameters(draw: $0) }
    }

    /// The person-years of draw `draw` (prepared, see ``prepare(draws:)``): every year's people of the county, in year order.
    public func personYears(draw: Int) -> PersonYearAmounts {
        let drawn = parameters(draw: draw)
        let countyParameters = model.parameters(drawn, county: county)
        let linked = model.conditions.contains { $0.link != nil }
        var observer = LedgerDifferenceObserver(layout: layout, totals: PersonYearAmounts(tierIDs: layout.tierIDs), population: model.population)
        let householdSizes = model.population.householdSizeShares(county: county, parameters: countyParameters)
        for (y, year) in years.enumerated() {
            let tables = YearTables(model: model, parameters: countyParameters, year: year)
            let cells = population.cells(county: county, year: year, draw: draw, parameters: countyParameters)
            let diseaseCells = linked ? population.diseaseCells(county: county, year: year, draw: draw, cells: cells) : nil
            var simulator = CountyYearSimulator(plans: [PlanLedger(engine: engines[y], layout: layout, catastrophicShare: nil)], model: model)
            var ledger = [Int64](repeating: 0, count: simulator.ledgerCount)
            var noPilot: [Int64] = []
            simulator.simulate(cells: cells, tables: tables, seed: seed, draw: draw, county: county, year: year, ledger: &ledger,
                               coverage: nil, pilotLedger: &noPilot, diseaseCells: diseaseCells,
                               householdSizeShares: householdSizes, observer: &observer)
        }
        return observer.totals
    }

    /// Runs draws `0..<draws` on `threads` workers and returns ``FitStatistics`` of
    /// each draw's person-years, in draw order (the same for any thread count).
    public func statistics(draws: Int, threads: Int, progress: (Int) -> Void = { _ in }) throws -> [[Double]] {
        var result: [[Double]] = []
        result.reserveCapacity(draws)
        let this = self
        try DrawScheduler(draws: draws, threads: threads, chunkSize: population.chunkSize)
            .run(prepare: { this.prepare(draws: $0) },
                 produce: { FitStatistics.compute(this.personYears(draw: $0)) }, progress: progress,
                 consume: { result.append($0) })
        return result
    }
}
