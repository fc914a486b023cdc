import Cohort
import Foundation
import Settlement
import Simulation

/// The population of each (draw, year, county) from the multi-year cohort
/// projection: the base year's registered poor, split by age band, sex,
/// poverty status and disease state, stepped forward year by year with
/// `x' = M x` for every county of every draw of a chunk at once (one `dgemm`
/// per distinct transition matrix, see ``prepare(draws:parameters:)``).
///
/// Grouping: M depends on a draw only through its drawn parameters (today the
/// poverty-exit rate by year may be uncertain). Draws whose parameters are equal
/// share one M and one `dgemm` over all their counties; with uncertain exit
/// rates every draw has its own M, built just in time (≈0.1 ms) and applied
/// with one `dgemm` over its 129 counties. Chunks of 64 draws bound the memory
/// to 64 × years × counties × cells values: kept as 32-bit people counts, and
/// only one chunk's at a time (a chunk's are dropped before the next is projected).
public final class CohortPopulation: PopulationProjection, @unchecked Sendable {
    /// The simulation model (population and cohort specification).
    public let model: SimulationModel
    /// The years the forecast simulates, ascending.
    public let years: [Int]
    /// The year the projection starts from (the scenario's first year).
    public let baseYear: Int
    /// The cohort's cell layout (age band × sex × poverty × disease state).
    public let layout: CellLayout
    /// The same numbering as the simulation sees it (``PopulationCellLayout``).
    public let stateLayout: PopulationCellLayout
    /// The matrix kernel (BLAS `dgemm` by default; the reference for tests).
    public let kernel: StepKernel
    /// Draws prepared at once.
    public let chunkSize: Int
    /// Projection flows (deaths, births, exits) per prepared draw, year index and county.
    public private(set) var flows: [Int: [StepFlows]] = [:]
    /// Per prepared draw, people per simulation cell at `(yearIndex × counties + county) × cells + cell`.
    private var prepared: [Int: [Int32]] = [:]
    /// Per prepared draw, people per (cell × disease state) at `((yearIndex × counties + county) × cells + cell) × states + state`.
    private var preparedStates: [Int: [Int32]] = [:]
    private let lock = NSLock()

    /// Creates the projection; throws if the cohort specification does not fit the population's age bands.
    public init(model: SimulationModel, years: [Int], baseYear: Int, kernel: StepKernel = .blasGEMM, chunkSize: Int = 64) throws {
        guard let spec = model.cohort else { throw ProjectionError(message: "the scenario's simulation has no cohort section") }
        self.model = model
        self.years = years
        self.baseYear = baseYear
        self.kernel = kernel
        self.chunkSize = chunkSize
        layout = CellLayout(ageBands: try AgeBands(lowerBounds: model.population.ageBandLowerBounds),
                            diseaseStates: try DiseaseStates(names: ["none"] + spec.diseaseStates.map(\.name)))
        stateLayout = PopulationCellLayout(bandCount: model.population.ageBandLowerBounds.count, stateCount: spec.diseaseStates.count + 1)
        // The projection's state vector and the simulation's cells are numbered alike: the
        // adapter moves people between them by index.
        for index in 0..<layout.cellCount {
            let cell = layout.cell(at: index)
            precondition(index == stateLayout.index(band: cell.ageBand, sex: cell.sex,
                                                    status: cell.poverty == .inPoverty ? .inPoverty : .exitedPoverty, state: cell.disease),
                         "the cohort's cell layout numbers cells unlike PopulationCellLayout")
        }
        precondition(years.allSatisfy { $0 >= baseYear }, "years before the base year")
        _ = try parameters(year: baseYear, drawn: model.parameters.pointValues)
    }

    /// The cohort parameters of the step from `year` to `year + 1` for one draw.
    public func parameters(year: Int, drawn: DrawnParameters) throws(CohortError) -> CohortParameters {
        let spec = model.cohort!
        let bands = model.population.ageBandLowerBounds
        func byBand(_ groups: [Double]) -> AgeSexRates {
            AgeSexRates(bothSexes: bands.map { groups[AgeGroup(bandLowerBound: $0).rawValue] })
        }
        let diseases = spec.diseaseStates.map {
            DiseaseRates(onset: byBand($0.onset), remission: byBand($0.remission), excessMortality: byBand($0.excessMortality))
        }
        let exit = spec.povertyExitRate[year].map { drawn[$0] } ?? 0
        let parameters = CohortParameters(mortality: AgeSexRates(female: spec.mortality.map { $0[0] }, male: spec.mortality.map { $0[1] }),
                                          povertyExitRate: min(1, max(0, exit)), diseases: diseases,
                                          birthRate: spec.birthRate, maleBirthFraction: spec.maleBirthFraction)
        try parameters.validate(for: layout)
        return parameters
    }

    /// The base-year state of one draw's counties: registered poor by the
    /// age/sex shares (the county's own, ``PopulationModel/countyStructures``, else the
    /// province's) and the base year's in-poverty share, then by disease state.
    func baseColumn(county: Int, drawn: DrawnParameters) -> [Double] {
        let population = model.population
        let spec = model.cohort!
        let share = min(1, max(0, population.inPovertyShare[baseYear].map { drawn[$0] } ?? 1))
        let people = Double(population.counties[county].registeredPoor)
        // The county's own base-year structure when it has one (county_overrides), else the province's.
        let ageSexShares = population.ageSexShares(county: county, parameters: drawn)
        var column = [Double](repeating: 0, count: layout.cellCount)
        for band in population.ageBandLowerBounds.indices {
            let group = AgeGroup(bandLowerBound: population.ageBandLowerBounds[band]).rawValue
            let ill = spec.diseaseStates.map { $0.basePrevalence[group] }
            let well = max(0, 1 - ill.reduce(0, +))
            for sex in Sex.allCases {
                for poverty in 0..<2 {
                    let n = people * ageSexShares[band][sex.rawValue] * (poverty == 0 ? share : 1 - share)
                    let status: Settlement.PovertyStatus = poverty == 0 ? .inPoverty : .exitedPoverty
                    column[stateLayout.index(band: band, sex: sex, status: status)] = n * well
                    for (d, p) in ill.enumerated() { column[stateLayout.index(band: band, sex: sex, status: status, state: d + 1)] = n * p }
                }
            }
        }
        return column
    }

    /// Projects every county of the chunk's draws from the base year to the last
    /// year, one batched step per year, and keeps the integer cells of the
    /// simulated years.
    public func prepare(draws: Range<Int>, parameters drawnFor: (Int) -> DrawnParameters) {
        // The previous chunk's draws are done (prepare runs while no worker does): free them first,
        // so that two chunks never live at once.
        lock.lock()
        prepared = [:]
        preparedStates = [:]
        flows = [:]
        lock.unlock()
        let counties = model.population.counties.count
        let drawn = draws.map(drawnFor)
        var state = CohortState(layout: layout, counties: counties, draws: draws.count)
        for (d, values) in drawn.enumerated() {
            for county in 0..<counties {
                let column = baseColumn(county: county, drawn: values)
                for cell in 0..<layout.cellCount { state[cell, county: county, draw: d] = column[cell] }
            }
        }
        var cells: [[Int32]] = Array(repeating: [], count: draws.count)
        var states: [[Int32]] = Array(repeating: [], count: draws.count)
        let cellsPerDraw = years.count * counties * model.population.cellCount
        for d in 0..<draws.count {
            cells[d].reserveCapacity(cellsPerDraw)
            states[d].reserveCapacity(cellsPerDraw * layout.diseaseStates.count)
        }
        var chunkFlows: [[StepFlows]] = Array(repeating: [], count: draws.count)
        // The state after `y` years is that of the start of `baseYear + y`: the simulated years keep their people.
        let (_, stepFlows) = CohortProjection.project(from: state, years: (years.last ?? baseYear) - baseYear, kernel: kernel) { y in
            // One transition matrix per distinct parameter set; consecutive equal draws share a dgemm.
            var steps: [StepMatrix] = []
            var keys: [CohortParameters] = []
            var indexOfDraw: [Int] = []
            for values in drawn {
                let p = try! parameters(year: baseYear + y, drawn: values)
                if let i = keys.firstIndex(of: p) {
                    indexOfDraw.append(i)
                } else {
                    keys.append(p)
                    steps.append(try! StepMatrix(layout: layout, parameters: p))
                    indexOfDraw.append(steps.count - 1)
                }
            }
            return ColumnGroup.byDraw(steps, stepIndexOfDraw: indexOfDraw, counties: counties)
        } observe: { y, state in
            guard years.contains(baseYear + y) else { return }
            for d in 0..<draws.count {
                for county in 0..<counties {
                    let people = simulationCells(state, county: county, draw: d)
                    cells[d].append(contentsOf: people.lazy.map { Int32($0) })
                    states[d].append(contentsOf: diseaseSplit(state, county: county, draw: d, cells: people).lazy.map { Int32($0) })
                }
            }
        }
        // Year `y`'s flows are those of `baseYear + y` to `baseYear + y + 1`, kept for the simulated years they lead into.
        for (y, flows) in stepFlows.enumerated() where years.contains(baseYear + y + 1) {
            for d in 0..<draws.count { chunkFlows[d].append(flows) }
        }
        lock.lock()
        for (d, draw) in draws.enumerated() {
            prepared[draw] = cells[d]
            preparedStates[draw] = states[d]
            flows[draw] = chunkFlows[d]
        }
        lock.unlock()
    }

    /// People per simulation cell (band × sex × status) of one column: disease
    /// states summed, rounded to whole people by largest remainders so the cells
    /// add up to the column's rounded total.
    func simulationCells(_ state: CohortState, county: Int, draw: Int) -> [Int] {
        var weights = [Double](repeating: 0, count: model.population.cellCount)
        for cell in 0..<layout.cellCount { weights[stateLayout.cellWithoutState(cell)] += max(0, state[cell, county: county, draw: draw]) }
        let total = Int(weights.reduce(0, +).rounded())
        return PopulationModel.apportion(total, weights: weights)
    }

    /// Each simulation cell's people (`cells`) split by disease state in proportion
    /// to the projection's column, by largest remainders: `diseases` entries per cell
    /// adding up to the cell, so a person's state at the start of the year is the
    /// projection's (onset, remission and excess mortality carried over the years).
    func diseaseSplit(_ state: CohortState, county: Int, draw: Int, cells: [Int]) -> [Int] {
        let diseases = layout.diseaseStates.count
        var split: [Int] = []
        split.reserveCapacity(cells.count * diseases)
        for (c, people) in cells.enumerated() {
            let weights = (0..<diseases).map { max(0, state[stateLayout.index(cell: c, state: $0), county: county, draw: draw]) }
            let shares = PopulationModel.apportion(people, weights: weights)
            if shares.reduce(0, +) == people {
                split.append(contentsOf: shares)
            } else {  // an empty column: everyone free of every state
                split.append(people)
                split.append(contentsOf: repeatElement(0, count: diseases - 1))
            }
        }
        return split
    }

    /// The prepared disease split of a county in a simulated year (see ``PopulationProjection/diseaseCells(county:year:draw:)``).
    public func diseaseCells(county: Int, year: Int, draw: Int, cells: [Int]) -> [Int]? {
        lock.lock()
        let drawStates = preparedStates[draw]
        lock.unlock()
        guard let drawStates, let y = years.firstIndex(of: year) else {
            preconditionFailure("draw \(draw) was not prepared for year \(year)")
        }
        let size = model.population.cellCount * layout.diseaseStates.count
        let start = (y * model.population.counties.count + county) * size
        return drawStates[start..<(start + size)].map { Int($0) }
    }

    /// The prepared cells of a county in a simulated year.
    public func cells(county: Int, year: Int, draw: Int, parameters: DrawnParameters) -> [Int] {
        lock.lock()
        let drawCells = prepared[draw]
        lock.unlock()
        guard let drawCells, let y = years.firstIndex(of: year) else {
            preconditionFailure("draw \(draw) was not prepared for year \(year)")
        }
        let size = model.population.cellCount
        let start = (y * model.population.counties.count + county) * size
        return drawCells[start..<(start + size)].map { Int($0) }
    }
}

/// A cohort projection that cannot be set up.
public struct ProjectionError: Error, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
