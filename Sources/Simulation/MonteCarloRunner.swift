import Foundation
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
            for sex in Sex.allCases {
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
    /// For each county, the index of the pilot it hosts (`nil`: none).
    let pilotOfCounty: [Int?]
    /// The counties to simulate (``RunConfiguration/onlyCounties``, or all), largest
    /// (registered poor) first: the order a draw's units are handed out.
    let countyOrder: [Int]

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
        var pilotOfCounty = [Int?](repeating: nil, count: model.population.counties.count)
        for (i, pilot) in pilots.enumerated() {
            precondition(pilotOfCounty[pilot.county] == nil, "county \(pilot.county) hosts two pilots")
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
        let counties = model.population.counties
        countyOrder = counties.indices
            .filter { configuration.onlyCounties?.contains($0) ?? true }
            .sorted { (counties[$0].registeredPoor, $1) > (counties[$1].registeredPoor, $0) }
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
    /// variant, in variant order, sharing the sampled people and claims. The
    /// counties run one after the other on the calling thread; ``run(draws:progress:consume:)``
    /// spreads them over the workers (``work(draw:)``) with the same result.
    public func simulateVariants(draw: Int) -> [DrawResult] {
        let work = work(draw: draw)
        return work.assemble((0..<work.unitCount).map(work.run(unit:)))
    }

    /// Draw `draw` split into one unit per simulated county (largest first), for
    /// the scheduler: each unit simulates its county's years; the assembled
    /// output is ``simulateVariants(draw:)``'s.
    public func work(draw: Int) -> CountyDrawWork { CountyDrawWork(runner: self, draw: draw) }

    /// Runs every draw (or only the draws in `range`, a shard of the job: see
    /// ``DrawScheduler``) on `threads` workers, which share each draw's counties
    /// (``work(draw:)``), and calls `consume` with each result in draw order (on
    /// the calling thread), and `progress` after each. At most `2 × threads` draws
    /// are in flight, so memory does not grow with the number of draws.
    public func run(draws range: Range<Int>? = nil, progress: (Int) -> Void = { _ in },
                    consume: (DrawResult) throws -> Void) throws {
        try runVariants(draws: range, progress: progress) { try consume($0[0]) }
    }

    /// Runs every draw (or only the draws in `range`) like ``run(draws:progress:consume:)`` and calls
    /// `consume` with each draw's results under every variant (``simulateVariants(draw:)``), in draw order.
    public func runVariants(draws range: Range<Int>? = nil, progress: (Int) -> Void = { _ in },
                            consume: ([DrawResult]) throws -> Void) throws {
        try DrawScheduler(draws: configuration.draws, threads: configuration.threads, chunkSize: population.chunkSize)
            .run(range: range, prepare: { population.prepare(draws: $0, parameters: parameters(draw:)) },
                 work: work(draw:), progress: progress, consume: consume)
    }
}
