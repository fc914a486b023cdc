import Settlement

/// The yearly transition as separate component matrices, applied in this order:
///
/// 1. **death**: diagonal survival (1 − q)(1 − excess) by the cell's state at
///    the start of the year;
/// 2. **disease**: onset out of the disease-free state, remission back to it;
/// 3. **poverty exit**: in-poverty survivors exit with ``CohortParameters/povertyExitRate``;
/// 4. **ageing**: a fraction 1/width of each closed band moves up one band.
///
/// so T = ageing · povertyExit · disease · death, and the step is
/// x' = (T + births) x. Rates therefore use the start-of-year band and
/// disease state, and newborns do not die or age in their birth year.
///
/// ``StepMatrix`` builds the same product directly from the sparse structure
/// (cheap enough to rebuild per draw); these dense components exist to
/// document and test that composition.
public struct TransitionComponents: Sendable, Hashable {
    /// Diagonal survival matrix; deaths leave the system.
    public let death: Matrix
    /// Column-stochastic disease transition among survivors.
    public let disease: Matrix
    /// Column-stochastic poverty-exit transition among survivors.
    public let povertyExit: Matrix
    /// Column-stochastic ageing transition among survivors.
    public let ageing: Matrix
    /// Births: entry (newborn cell, source cell) is births per year into the
    /// newborn cell per person in the source cell; newborns take their
    /// household's end-of-year poverty status.
    public let births: Matrix

    /// Builds the components for `parameters` on `layout`.
    public init(layout: CellLayout, parameters: CohortParameters) throws(CohortError) {
        try parameters.validate(for: layout)
        let n = layout.cellCount
        var death = Matrix(rows: n, columns: n)
        var disease = Matrix(rows: n, columns: n)
        var povertyExit = Matrix(rows: n, columns: n)
        var ageing = Matrix(rows: n, columns: n)
        var births = Matrix(rows: n, columns: n)
        for (j, cell) in layout.cells.enumerated() {
            let rates = CellRates(layout: layout, parameters: parameters, cell: cell)
            death[j, j] = rates.survival
            for target in 0..<layout.diseaseStates.count {
                var to = cell
                to.disease = target
                disease[layout.index(of: to), j] += rates.diseaseProbability(to: target)
            }
            for target in PovertyStatus.allCases {
                var to = cell
                to.poverty = target
                povertyExit[layout.index(of: to), j] += rates.povertyProbability(to: target)
            }
            for shift in 0...1 where rates.ageingProbability(shift: shift) != 0 {
                var to = cell
                to.ageBand += shift
                ageing[layout.index(of: to), j] += rates.ageingProbability(shift: shift)
            }
            for sex in Sex.allCases {
                for status in PovertyStatus.allCases {
                    births[layout.index(of: Cell(ageBand: 0, sex: sex, poverty: status, disease: 0)), j] += rates.newborns(of: sex, status: status)
                }
            }
        }
        self.death = death
        self.disease = disease
        self.povertyExit = povertyExit
        self.ageing = ageing
        self.births = births
    }

    /// M = ageing · povertyExit · disease · death + births, by dense products.
    public func composed(kernel: StepKernel = .reference) -> Matrix {
        let survivors = kernel.product(ageing, kernel.product(povertyExit, kernel.product(disease, death)))
        return survivors + births
    }
}
