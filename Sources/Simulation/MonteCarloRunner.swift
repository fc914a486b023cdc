import Foundation
import RandomStreams
import Settlement

/// What to run: seed, number of draws, threads, the years, and whether
/// parameters carry their uncertainty.
public struct RunConfiguration: Hashable, Sendable {
    /// The seed of every random stream.
    public var seed: UInt64
    /// Number of Monte Carlo draws.
    public var draws: Int
    /// Worker threads.
    public var threads: Int
    /// The years to simulate, ascending.
    public var years: [Int]
    /// Draw uncertain parameters once per draw (probabilistic sensitivity analysis); off: point values.
    public var parameterUncertainty: Bool
    /// Simulate only these counties (indices); the others' ledger rows stay zero.
    /// `nil`: every county. Random streams are keyed by county, so a county's
    /// results are the same whether or not the others run (`fundsim capitation`
    /// runs only the counties hosting pilots).
    public var onlyCounties: Set<Int>?

    /// Creates a configuration.
    public init(seed: UInt64, draws: Int, threads: Int, years: [Int], parameterUncertainty: Bool = true,
                onlyCounties: Set<Int>? = nil) {
        self.seed = seed
        self.draws = draws
        self.threads = threads
        self.years = years
        self.parameterUncertainty = parameterUncertainty
        self.onlyCounties = onlyCounties
    }
}

/// One draw's ledger: a row of items per (year, county), money in yuan, and
/// the population cells it simulated.
public struct DrawResult: Sendable {
    /// The draw index.
    public var draw: Int
    /// Values at `(yearIndex × counties + county) × items + item`.
    public var values: [Double]
    /// People per population cell at `(yearIndex × counties + county) × cells + cell`.
    public var cells: [Int32]
    /// The capitation pilots' rows at `(yearIndex × pilots + pilot) × items + item`
    /// (``PilotLedgerLayout``; money in fen, exact, so that the pilot's books
    /// balance to the fen); empty without pilots.
    public var pilots: [Int64] = []
    /// The values of the model's parameters in this draw, by parameter index
    /// (``ParameterTable/entries``): drawn for those that carry uncertainty, point values otherwise.
    public var parameters: [Double] = []
}

/// One settlement variant a runner settles every sampled claim under: a plan,
/// its fiscal rules, and the catastrophic-spending share. Variants that share a
/// simulation model share the sampled people and claims ("sample once, settle
/// many", see ``CountyYearSimulator``).
public struct SettlementVariant: Sendable {
    /// The settlement plan.
    public var plan: SettlementPlan
    /// The fiscal rules (subsidies, premiums, splits, per-person payments).
    public var fiscal: FiscalParameters
    /// Share of the income line above which a person-year's out-of-pocket is catastrophic.
    public var catastrophicShare: Double?

    /// Creates a variant.
    public init(plan: SettlementPlan, fiscal: FiscalParameters, catastrophicShare: Double? = nil) {
        self.plan = plan
        self.fiscal = fiscal
        self.catastrophicShare = catastrophicShare
    }
}

extension DrawResult {
    /// Creates the result of draw `draw` read back from a shard of a split run. In an
    /// extension, so that the memberwise initializer stays.
    public init(restoring draw: Int, values: [Double], cells: [Int32], pilots: [Int64]) {
        self.init(draw: draw, values: values, cells: cells)
        self.pilots = pilots
    }
}

/// Provides the population cells of each (draw, year, county): the base-year
/// structure, or a cohort projection.
public protocol PopulationProjection: Sendable {
    /// People per cell of `county` in `year` for one draw.
    func cells(county: Int, year: Int, draw: Int, parameters: DrawnParameters) -> [Int]
    /// People per (cell × disease state) of `county` in `year` for one draw: for each
    /// cell of ``cells(county:year:draw:parameters:)``, its people by persistent disease
    /// state at the start of the year ("none" first, then ``CohortSpec/diseaseStates``),
    /// adding up to the cell; `nil` when the projection has no disease states. `cells`
    /// are the ones ``cells(county:year:draw:parameters:)`` returned.
    func diseaseCells(county: Int, year: Int, draw: Int, cells: [Int]) -> [Int]?
    /// How many draws ``prepare(draws:parameters:)`` handles at once; the runner
    /// simulates draws in chunks of this size.
    var chunkSize: Int { get }
    /// Prepares the cells of draws `draws` before they are simulated (e.g. one
    /// batched matrix projection for all of them); called on one thread, while no
    /// worker runs.
    func prepare(draws: Range<Int>, parameters: (Int) -> DrawnParameters)
}

extension PopulationProjection {
    /// No preparation: one chunk.
    public var chunkSize: Int { Int.max }
    /// Nothing to prepare.
    public func prepare(draws: Range<Int>, parameters: (Int) -> DrawnParameters) {}
    /// No disease states.
    public func diseaseCells(county: Int, year: Int, draw: Int, cells: [Int]) -> [Int]? { nil }
}

/// The population with the base-year age/sex structure every year (the county's own,
/// ``PopulationModel/countyStructures``, or the province's) and that year's in-poverty
/// share: no ageing, deaths or births (single-year forecasts).
public struct StaticPopulation: PopulationProjection {
    /// The model.
    public let model: SimulationModel
    /// Creates the projection.
    public init(model: SimulationModel) { self.model = model }
    /// Base cells with the year's in-poverty share.
    public func cells(county: Int, year: Int, draw: Int, parameters: DrawnParameters) -> [Int] {
        let population = model.population
        let share = population.inPovertyShare[year].map { parameters[$0] } ?? 1
        return population.baseCells(county: county, inPovertyShare: min(1, max(0, share)),
                                    ageSexShares: population.ageSexShares(county: county, parameters: parameters))
    }

    /// With a cohort specification, each cell's people split by the disease states'
    /// base prevalences of its age group (every year the base year's, as the age
    /// structure); `nil` without one.
    public func diseaseCells(county: Int, year: Int, draw: Int, cells: [Int]) -> [Int]? {
        guard let states = model.cohort?.diseaseStates, !states.isEmpty else { return nil }
        let population = model.population
        var split: [Int] = []
        split.reserveCapacity(cells.count * (states.count + 1))
        for band in population.ageBandLowerBounds.indices {
            let group = AgeGroup(bandLowerBound: population.ageBandLowerBounds[band]).rawValue
            let ill = states.map { max(0, $0.basePrevalence[group]) }
            let weights = [max(0, 1 - ill.reduce(0, +))] + ill
            for sex in 0..<2 {
                for status in PovertyStatus.allCases {
                    let people = cells[population.cell(band: band, sex: sex, status: status)]
                    let shares = PopulationModel.apportion(people, weights: weights)
                    if shares.reduce(0, +) == people { split.append(contentsOf: shares) } else {
                        split.append(people)
                        split.append(contentsOf: repeatElement(0, count: states.count))
                    }
                }
            }
        }
        return split
    }
}

/// Runs the Monte Carlo forecast: each draw simulates every year and county,
/// in parallel over draws, and hands draw results to the caller **in draw
/// order**, so that anything the caller accumulates is identical for any
/// number of threads.
public struct MonteCarloRunner: Sendable {
    /// The model.
    public let model: SimulationModel
    /// The fiscal rules.
    public let fiscal: FiscalParameters
    /// The configuration.
    public let configuration: RunConfiguration
    /// The ledger layout.
    public let layout: LedgerLayout
    /// The engines, one per year (of the first variant).
    public let engines: [SettlementEngine]
    /// Every variant's engines (`variantEngines[k][yearIndex]`); variant 0's are ``engines``.
    public let variantEngines: [[SettlementEngine]]
    /// Every variant's ledger layout; variant 0's is ``layout``.
    public let layouts: [LedgerLayout]
    /// Every variant's fiscal rules; variant 0's are ``fiscal``.
    public let variantFiscal: [FiscalParameters]
    /// Every variant's catastrophic share; variant 0's is ``catastrophicShare``.
    public let catastrophicShares: [Double?]
    let variantTierPayers: [[Payer]]
    /// The population projection.
    public let population: any PopulationProjection
    let tierPayers: [Payer]
    /// Share of the income line above which a person-year's out-of-pocket is catastrophic
    /// (the scenario's `catastrophic_share`); `nil`: nobody is counted catastrophic.
    public let catastrophicShare: Double?
    /// The capitation pilots whose covered people get their own ledger rows.
    public let pilots: [CapitationPilot]
    /// The layout of a pilot's row.
    public let pilotLayout: PilotLedgerLayout
    /// For each county, the index of the pilot it hosts, or -1.
    let pilotOfCounty: [Int]

    /// Compiles the plan for every year; throws if the plan is invalid for one of them or a
    /// tier id is also the name of a ledger item (``LedgerLayout/fixed``, `per_person_…`).
    /// A county may host at most one pilot (the scenario loader checks it).
    public init(plan: SettlementPlan, model: SimulationModel, fiscal: FiscalParameters, configuration: RunConfiguration,
                population: (any PopulationProjection)? = nil, catastrophicShare: Double? = nil,
                pilots: [CapitationPilot] = []) throws(PlanError) {
        try self.init(variants: [SettlementVariant(plan: plan, fiscal: fiscal, catastrophicShare: catastrophicShare)],
                      model: model, configuration: configuration, population: population, pilots: pilots)
    }

    /// A runner that samples each person-year once and settles its claims under
    /// every variant (at least one); ``simulateVariants(draw:)`` returns one
    /// result per variant, each exactly the result of a runner of that variant
    /// alone. Capitation pilots, if any, are booked for the first variant.
    public init(variants: [SettlementVariant], model: SimulationModel, configuration: RunConfiguration,
                population: (any PopulationProjection)? = nil, pilots: [CapitationPilot] = []) throws(PlanError) {
        precondition(!variants.isEmpty, "at least one settlement variant")
        let plan = variants[0].plan
        let fiscal = variants[0].fiscal
        self.catastrophicShare = variants[0].catastrophicShare
        self.pilots = pilots
        pilotLayout = PilotLedgerLayout(tierCount: plan.tiers.count)
        var pilotOfCounty = [Int](repeating: -1, count: model.population.counties.count)
        for (i, pilot) in pilots.enumerated() {
            precondition(pilotOfCounty[pilot.county] < 0, "county \(pilot.county) hosts two pilots")
            pilotOfCounty[pilot.county] = i
        }
        self.pilotOfCounty = pilotOfCounty
        self.model = model
        self.fiscal = fiscal
        self.configuration = configuration
        var allEngines: [[SettlementEngine]] = []
        var layouts: [LedgerLayout] = []
        for variant in variants {
            // The ledger finds items by name: a tier named like a fixed item (e.g. `registered_poor`)
            // would have the head counts booked into its payments.
            let fixedItems = Set(LedgerLayout.fixed + variant.fiscal.perPersonPayments.map { "per_person_\($0.id)" })
            for tier in variant.plan.tiers where fixedItems.contains(tier.id) {
                throw PlanError(path: "tiers[\(tier.id)]", message: "tier id '\(tier.id)' is also an item of the forecast ledger; give the tier another id")
            }
            var engines: [SettlementEngine] = []
            for year in configuration.years { engines.append(try SettlementEngine(plan: variant.plan, year: year)) }
            allEngines.append(engines)
            layouts.append(LedgerLayout(tierIDs: variant.plan.tiers.map(\.id), perPersonIDs: variant.fiscal.perPersonPayments.map(\.id)))
        }
        variantEngines = allEngines
        self.layouts = layouts
        variantFiscal = variants.map(\.fiscal)
        catastrophicShares = variants.map(\.catastrophicShare)
        variantTierPayers = variants.map { $0.plan.tiers.map(\.payer) }
        self.engines = allEngines[0]
        self.layout = layouts[0]
        self.tierPayers = variantTierPayers[0]
        self.population = population ?? StaticPopulation(model: model)
    }

    /// The catastrophic-spending threshold of each simulated year (yuan per person-year):
    /// ``catastrophicShare`` of the year's income line; `nil` without either.
    public var catastrophicThresholds: [Double?] { catastrophicThresholds(variant: 0) }

    /// Variant `k`'s catastrophic-spending threshold of each simulated year (see ``catastrophicThresholds``).
    public func catastrophicThresholds(variant k: Int) -> [Double?] {
        variantEngines[k].map { engine in
            catastrophicShares[k].flatMap { CountyYearSimulator.catastrophicThreshold(engine: engine, share: $0) }.map { Double($0.fen) / 100 }
        }
    }

    /// Number of values in a draw result.
    public var valuesPerDraw: Int { configuration.years.count * model.population.counties.count * layout.count }

    /// The parameter values of a draw.
    public func parameters(draw: Int) -> DrawnParameters {
        configuration.parameterUncertainty ? model.parameters.draw(seed: configuration.seed, draw: draw) : model.parameters.pointValues
    }

    /// Number of settlement variants.
    public var variantCount: Int { layouts.count }

    /// Simulates one draw (pure function of the configuration and the draw index;
    /// with a cohort projection, its chunk must have been prepared): the first variant's result.
    public func simulate(draw: Int) -> DrawResult { simulateVariants(draw: draw)[0] }

    /// Simulates one draw and settles it under every variant: one result per
    /// variant, in variant order, sharing the sampled people and claims.
    public func simulateVariants(draw: Int) -> [DrawResult] {
        let parameters = parameters(draw: draw)
        let cellCount = model.population.cellCount
        var allCells = [Int32](repeating: 0, count: configuration.years.count * model.population.counties.count * cellCount)
        let counties = model.population.counties.count
        let variants = layouts.count
        var values = layouts.map { [Double](repeating: 0, count: configuration.years.count * counties * $0.count) }
        let countItems = layouts.map { layout in (0..<layout.count).map(layout.isCount) }
        let pilotItems = pilotLayout.count
        var pilotValues = [Int64](repeating: 0, count: configuration.years.count * pilots.count * pilotItems)
        var pilotLedger = [Int64](repeating: 0, count: pilotItems)
        var variantLedger = [[Int64]](repeating: [], count: variants)
        for (y, year) in configuration.years.enumerated() {
            let tables = YearTables(model: model, parameters: parameters, year: year)
            let plans = (0..<variants).map {
                PlanLedger(engine: variantEngines[$0][y], layout: layouts[$0], catastrophicShare: catastrophicShares[$0])
            }
            var simulator = CountyYearSimulator(plans: plans, model: model)
            var ledger = [Int64](repeating: 0, count: simulator.ledgerCount)
            for county in 0..<counties {
                if let only = configuration.onlyCounties, !only.contains(county) { continue }
                for i in ledger.indices { ledger[i] = 0 }
                // A county with its own parameters (simulation.county_overrides) gets its own tables.
                let countyParameters = model.parameters(parameters, county: county)
                let tables = model.countyOverrides[county] == nil ? tables : YearTables(model: model, parameters: countyParameters, year: year)
                let cells = population.cells(county: county, year: year, draw: draw, parameters: countyParameters)
                let cellBase = (y * counties + county) * cellCount
                for (i, c) in cells.enumerated() { allCells[cellBase + i] = Int32(c) }
                let diseaseCells = model.conditions.contains { $0.link != nil }
                    ? population.diseaseCells(county: county, year: year, draw: draw, cells: cells) : nil
                let sizes = model.population.householdSizeShares(county: county, parameters: countyParameters)
                let p = pilotOfCounty[county]
                if p >= 0 {
                    for i in pilotLedger.indices { pilotLedger[i] = 0 }
                    let coverage = PilotCoverage(people: cells.reduce(0, +), share: pilots[p].share)
                    simulator.simulate(cells: cells, tables: tables, seed: configuration.seed, draw: draw, county: county,
                                       year: year, ledger: &ledger, coverage: coverage, pilotLedger: &pilotLedger,
                                       diseaseCells: diseaseCells, householdSizeShares: sizes)
                    let row = (y * pilots.count + p) * pilotItems
                    for i in 0..<pilotItems { pilotValues[row + i] = pilotLedger[i] }
                } else {
                    var noPilot: [Int64] = []
                    simulator.simulate(cells: cells, tables: tables, seed: configuration.seed, draw: draw, county: county,
                                       year: year, ledger: &ledger, coverage: nil, pilotLedger: &noPilot,
                                       diseaseCells: diseaseCells, householdSizeShares: sizes)
                }
                var inPoverty = 0
                var exited = 0
                let cellLayout = model.population.cellLayout
                for (cell, count) in cells.enumerated() {
                    if cellLayout.status(of: cell) == .inPoverty { inPoverty += count } else { exited += count }
                }
                for k in 0..<variants {
                    // Each variant's row of the flat ledger, booked by its own fiscal rules.
                    let items = layouts[k].count
                    let offset = simulator.ledgerOffsets[k]
                    variantLedger[k] = Array(ledger[offset..<(offset + items)])
                    variantFiscal[k].book(inPoverty: inPoverty, exited: exited, year: year,
                                          layout: layouts[k], tierPayers: variantTierPayers[k], ledger: &variantLedger[k])
                    let row = (y * counties + county) * items
                    for i in 0..<items {
                        values[k][row + i] = countItems[k][i] ? Double(variantLedger[k][i]) : Double(variantLedger[k][i]) / 100
                    }
                }
            }
        }
        return (0..<variants).map {
            DrawResult(draw: draw, values: values[$0], cells: allCells, pilots: $0 == 0 ? pilotValues : [],
                       parameters: parameters.values)
        }
    }

    /// Runs every draw (or only the draws in `range`, a shard of the job: see
    /// ``DrawScheduler``) on `threads` workers and calls `consume` with each result
    /// in draw order (on the calling thread), and `progress` after each.
    /// At most `2 × threads` finished draws wait for their turn, so memory does
    /// not grow with the number of draws.
    public func run(draws range: Range<Int>? = nil, progress: (Int) -> Void = { _ in },
                    consume: (DrawResult) throws -> Void) throws {
        try DrawScheduler(draws: configuration.draws, threads: configuration.threads, chunkSize: population.chunkSize)
            .run(range: range, prepare: { population.prepare(draws: $0, parameters: parameters(draw:)) },
                 produce: simulate(draw:), progress: progress, consume: consume)
    }

    /// Runs every draw like ``run(progress:consume:)`` and calls `consume` with
    /// each draw's results under every variant (``simulateVariants(draw:)``), in draw order.
    public func runVariants(progress: (Int) -> Void = { _ in }, consume: ([DrawResult]) throws -> Void) throws {
        try DrawScheduler(draws: configuration.draws, threads: configuration.threads, chunkSize: population.chunkSize)
            .run(prepare: { population.prepare(draws: $0, parameters: parameters(draw:)) },
                 produce: simulateVariants(draw:), progress: progress, consume: consume)
    }
}

/// Runs draws `0..<draws` on worker threads in chunks: before each chunk,
/// `prepare` runs alone (e.g. a batched projection); within it, `produce(d)`
/// runs on the workers and `consume` receives the results **in draw order** on
/// the calling thread, so whatever it accumulates does not depend on threads.
public struct DrawScheduler: Sendable {
    /// Number of draws.
    public let draws: Int
    /// Worker threads.
    public let threads: Int
    /// Draws per chunk.
    public let chunkSize: Int

    /// Creates a scheduler.
    public init(draws: Int, threads: Int, chunkSize: Int = .max) {
        self.draws = draws
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }

    /// Runs the draws in `range` (default: all of `0..<draws`); see the type's documentation.
    ///
    /// A range (one shard of a job split over processes) is run on the job's chunk
    /// grid: every chunk it touches is prepared whole (`k × chunkSize ..< (k+1) ×
    /// chunkSize`, clipped to `draws`), exactly as in the unsplit run, and only the
    /// draws inside `range` are produced. So a draw's result never depends on how
    /// the job was split (a batched projection sees the same batch).
    public func run<Result: Sendable>(range: Range<Int>? = nil, prepare: (Range<Int>) -> Void,
                                      produce: @escaping @Sendable (Int) -> Result,
                                      progress: (Int) -> Void, consume: (Result) throws -> Void) throws {
        let range = range ?? 0..<draws
        precondition(range.lowerBound >= 0 && range.upperBound <= draws, "draws \(range) outside 0..<\(draws)")
        guard !range.isEmpty else { return }
        var start = range.lowerBound - range.lowerBound % chunkSize
        while start < range.upperBound {
            let end = start + min(chunkSize, draws - start)
            prepare(start..<end)
            try runChunk(max(start, range.lowerBound)..<min(end, range.upperBound), produce: produce, progress: progress, consume: consume)
            start = end
        }
    }

    private func runChunk<Result: Sendable>(_ draws: Range<Int>, produce: @escaping @Sendable (Int) -> Result,
                                            progress: (Int) -> Void, consume: (Result) throws -> Void) throws {
        let coordinator = DrawCoordinator<Result>(draws: draws, window: max(2, 2 * threads))
        let workers = min(threads, draws.count)
        for _ in 0..<workers {
            let thread = Thread {
                while let draw = coordinator.nextDraw() {
                    coordinator.deliver(draw, produce(draw))
                }
                coordinator.workerFinished()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer { coordinator.waitForWorkers(workers) }
        for draw in draws {
            let result = coordinator.take(draw)
            do {
                try consume(result)
            } catch {
                coordinator.cancel()
                throw error
            }
            progress(draw + 1)
        }
    }
}

/// Hands out draw indices to workers and passes results back in order, with a
/// bounded window of finished draws.
final class DrawCoordinator<Result>: @unchecked Sendable {
    private let condition = NSCondition()
    private let draws: Range<Int>
    private let window: Int
    private var next: Int
    private var consumed: Int
    private var finished = 0
    private var cancelled = false
    private var ready: [Int: Result] = [:]

    init(draws: Range<Int>, window: Int) {
        self.draws = draws
        self.window = window
        self.next = draws.lowerBound
        self.consumed = draws.lowerBound
    }

    /// The next draw to simulate, or `nil` when all are handed out or the run is cancelled.
    func nextDraw() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && next < draws.upperBound && next >= consumed + window { condition.wait() }
        guard !cancelled, next < draws.upperBound else { return nil }
        next += 1
        return next - 1
    }

    func deliver(_ draw: Int, _ result: Result) {
        condition.lock()
        ready[draw] = result
        condition.broadcast()
        condition.unlock()
    }

    func take(_ draw: Int) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while ready[draw] == nil { condition.wait() }
        let result = ready.removeValue(forKey: draw)!
        consumed = draw + 1
        condition.broadcast()
        return result
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func workerFinished() {
        condition.lock()
        finished += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForWorkers(_ count: Int) {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while finished < count { condition.wait() }
        condition.unlock()
    }
}
