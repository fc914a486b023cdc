import Settlement

/// One draw of a ``MonteCarloRunner`` split into one unit per simulated county
/// (``DrawWork``): the draw's parameters and year tables are resolved once, when
/// the draw starts; each unit simulates every year of one county and returns its
/// rows (``CountyRows``); ``assemble(_:)`` puts them into the draw's
/// ``DrawResult``s, one per settlement variant.
///
/// A county's rows depend only on (seed, draw, county) — its random streams are
/// keyed by them — so the draw's results are the same whichever worker ran which
/// county, in whatever order. Units come largest county first
/// (``MonteCarloRunner`` orders them by registered poor), so that the small ones
/// fill the end of the draw.
public struct CountyDrawWork: DrawWork {
    /// The runner.
    public let runner: MonteCarloRunner
    /// The draw index.
    public let draw: Int
    /// The draw's parameter values.
    public let parameters: DrawnParameters
    /// The draw's tables of each simulated year (for counties without their own parameters).
    let tables: [YearTables]

    /// Resolves the draw's parameters and year tables.
    init(runner: MonteCarloRunner, draw: Int) {
        self.runner = runner
        self.draw = draw
        let parameters = runner.parameters(draw: draw)
        self.parameters = parameters
        tables = runner.configuration.years.map { YearTables(model: runner.model, parameters: parameters, year: $0) }
    }

    /// One unit per simulated county.
    public var unitCount: Int { runner.countyOrder.count }

    /// The county unit `unit` simulates.
    public func county(ofUnit unit: Int) -> Int { runner.countyOrder[unit] }

    /// Simulates every year of the county of unit `unit`.
    public func run(unit: Int) -> CountyRows {
        let runner = self.runner
        let model = runner.model
        let county = county(ofUnit: unit)
        let years = runner.configuration.years
        let variants = runner.layouts.count
        let cellCount = model.population.cellCount
        let pilot = runner.pilotOfCounty[county]
        let pilotItems = runner.pilotLayout.count
        var rows = CountyRows(
            values: runner.layouts.map { [Double](repeating: 0, count: years.count * $0.count) },
            cells: [Int32](repeating: 0, count: years.count * cellCount),
            pilot: pilot != nil ? [Int64](repeating: 0, count: years.count * pilotItems) : [])
        // A county with its own parameters (simulation.county_overrides) gets its own tables.
        let countyParameters = model.parameters(parameters, county: county)
        let overridden = model.countyOverrides[county] != nil
        // A county with its own household sizes (county_overrides.COUNTY.population.household_sizes); nil: the province's.
        let householdSizes = model.population.householdSizeShares(county: county, parameters: countyParameters)
        let linked = model.conditions.contains { $0.link != nil }
        let cellLayout = model.population.cellLayout
        var pilotLedger = [Int64](repeating: 0, count: pilotItems)
        var variantLedger: [Int64] = []
        for (y, year) in years.enumerated() {
            let tables = overridden ? YearTables(model: model, parameters: countyParameters, year: year) : self.tables[y]
            let plans = (0..<variants).map {
                PlanLedger(engine: runner.variantEngines[$0][y], layout: runner.layouts[$0], catastrophicShare: runner.catastrophicShares[$0])
            }
            var simulator = CountyYearSimulator(plans: plans, model: model)
            var ledger = [Int64](repeating: 0, count: simulator.ledgerCount)
            let cells = runner.population.cells(county: county, year: year, draw: draw, parameters: countyParameters)
            for (i, c) in cells.enumerated() { rows.cells[y * cellCount + i] = Int32(c) }
            let diseaseCells = linked ? runner.population.diseaseCells(county: county, year: year, draw: draw, cells: cells) : nil
            if let pilot {
                for i in pilotLedger.indices { pilotLedger[i] = 0 }
                let coverage = PilotCoverage(people: cells.reduce(0, +), share: runner.pilots[pilot].share)
                simulator.simulate(cells: cells, tables: tables, seed: runner.configuration.seed, draw: draw, county: county,
                                   year: year, ledger: &ledger, coverage: coverage, pilotLedger: &pilotLedger,
                                   diseaseCells: diseaseCells, householdSizeShares: householdSizes)
                for i in 0..<pilotItems { rows.pilot[y * pilotItems + i] = pilotLedger[i] }
            } else {
                var noPilot: [Int64] = []
                simulator.simulate(cells: cells, tables: tables, seed: runner.configuration.seed, draw: draw, county: county,
                                   year: year, ledger: &ledger, coverage: nil, pilotLedger: &noPilot,
                                   diseaseCells: diseaseCells, householdSizeShares: householdSizes)
            }
            var inPoverty = 0
            var exited = 0
            for (cell, count) in cells.enumerated() {
                if cellLayout.status(of: cell) == .inPoverty { inPoverty += count } else { exited += count }
            }
            for k in 0..<variants {
                // Each variant's row of the flat ledger, booked by its own fiscal rules.
                let layout = runner.layouts[k]
                let offset = simulator.ledgerOffsets[k]
                variantLedger = Array(ledger[offset..<(offset + layout.count)])
                runner.variantFiscal[k].book(inPoverty: inPoverty, exited: exited, year: year, layout: layout,
                                             tierPayers: runner.variantTierPayers[k], ledger: &variantLedger)
                let row = y * layout.count
                for i in 0..<layout.count {
                    rows.values[k][row + i] = layout.isCount(i) ? Double(variantLedger[i]) : Double(variantLedger[i]) / 100
                }
            }
        }
        return rows
    }

    /// The draw's results, one per variant, from every county's rows (`parts[i]` of
    /// unit `i`); counties not simulated (``RunConfiguration/onlyCounties``) stay zero.
    public func assemble(_ parts: [CountyRows]) -> [DrawResult] {
        precondition(parts.count == unitCount, "one part per county unit")
        let runner = self.runner
        let years = runner.configuration.years.count
        let counties = runner.model.population.counties.count
        let cellCount = runner.model.population.cellCount
        let pilotItems = runner.pilotLayout.count
        var cells = [Int32](repeating: 0, count: years * counties * cellCount)
        var pilots = [Int64](repeating: 0, count: years * runner.pilots.count * pilotItems)
        var values = runner.layouts.map { [Double](repeating: 0, count: years * counties * $0.count) }
        for (unit, part) in parts.enumerated() {
            let county = county(ofUnit: unit)
            let pilot = runner.pilotOfCounty[county]
            for y in 0..<years {
                let cellBase = (y * counties + county) * cellCount
                for i in 0..<cellCount { cells[cellBase + i] = part.cells[y * cellCount + i] }
                for k in values.indices {
                    let items = runner.layouts[k].count
                    let row = (y * counties + county) * items
                    for i in 0..<items { values[k][row + i] = part.values[k][y * items + i] }
                }
                if let pilot {
                    let row = (y * runner.pilots.count + pilot) * pilotItems
                    for i in 0..<pilotItems { pilots[row + i] = part.pilot[y * pilotItems + i] }
                }
            }
        }
        return values.indices.map {
            DrawResult(draw: draw, values: values[$0], cells: cells, pilots: $0 == 0 ? pilots : [],
                       parameters: parameters.values)
        }
    }
}

/// One county's rows of one draw, every simulated year: what a ``CountyDrawWork`` unit returns.
public struct CountyRows: Sendable {
    /// Per variant, the county's ledger row of each year at `yearIndex × items + item` (yuan; counts as counts).
    public var values: [[Double]]
    /// People per population cell at `yearIndex × cells + cell`.
    public var cells: [Int32]
    /// The county's capitation pilot row of each year at `yearIndex × items + item` (fen); empty without a pilot.
    public var pilot: [Int64]
}
