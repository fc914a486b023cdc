import Settlement

/// The one-year step of one parameter set: x' = M x with M = T + B, plus the
/// linear functionals that count the year's deaths, births and exits.
///
/// Everything in a step is linear in the start-of-year state, so the flows
/// are a small `3 × cells` matrix F with flows = F x; the batched step
/// computes both products with the same kernel.
public struct StepMatrix: Sendable, Hashable {
    /// The layout whose cells index rows and columns.
    public let layout: CellLayout
    /// M = T + B (`cells × cells`). T's column j sums to the survival
    /// probability of cell j; B adds newborns.
    public let transition: Matrix
    /// F (`3 × cells`), rows in ``StepFlow`` order: death probability, birth
    /// rate and survive-and-exit probability of each source cell.
    public let flows: Matrix

    /// Builds M and F for `parameters` on `layout` directly from each cell's
    /// few destinations (at most 4 × disease-state count non-zeros per
    /// column), O(cells · states) work, so one per draw per year is cheap.
    ///
    /// - Throws: ``CohortError`` if the parameters do not fit the layout or
    ///   are not probabilities.
    public init(layout: CellLayout, parameters: CohortParameters) throws(CohortError) {
        try parameters.validate(for: layout)
        let n = layout.cellCount
        var transition = Matrix(rows: n, columns: n)
        var flows = Matrix(rows: StepFlow.allCases.count, columns: n)
        let diseases = layout.diseaseStates.count
        for j in 0..<n {
            let cell = layout.cell(at: j)
            let rates = CellRates(layout: layout, parameters: parameters, cell: cell)
            for disease in 0..<diseases {
                let pDisease = rates.diseaseProbability(to: disease)
                guard pDisease != 0 else { continue }
                for poverty in [PovertyStatus.inPoverty, .exitedPoverty] {
                    let pPoverty = rates.povertyProbability(to: poverty)
                    guard pPoverty != 0 else { continue }
                    for shift in 0...1 {
                        let pAgeing = rates.ageingProbability(shift: shift)
                        guard pAgeing != 0 else { continue }
                        let to = Cell(ageBand: cell.ageBand + shift, sex: cell.sex, poverty: poverty, disease: disease)
                        transition[layout.index(of: to), j] += rates.survival * pDisease * pPoverty * pAgeing
                    }
                }
            }
            for sex in [Sex.female, .male] {
                for status in [PovertyStatus.inPoverty, .exitedPoverty] {
                    let newborns = rates.newborns(of: sex, status: status)
                    guard newborns != 0 else { continue }
                    let newborn = Cell(ageBand: 0, sex: sex, poverty: status, disease: 0)
                    transition[layout.index(of: newborn), j] += newborns
                }
            }
            flows[StepFlow.deaths.rawValue, j] = 1 - rates.survival
            flows[StepFlow.births.rawValue, j] = rates.birthRate
            flows[StepFlow.povertyExits.rawValue, j] = rates.exitProbability
        }
        self.layout = layout
        self.transition = transition
        self.flows = flows
    }
}
