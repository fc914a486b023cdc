import Settlement

/// The per-cell probabilities of each component step, shared by
/// ``TransitionComponents`` and ``StepMatrix`` so both encode one model.
///
/// Allocation-free (probabilities are looked up on demand rather than
/// listed), because ``StepMatrix`` evaluates it for every cell of every
/// draw's matrix every year.
struct CellRates {
    let cell: Cell
    let parameters: CohortParameters
    /// Probability of surviving the year.
    let survival: Double
    /// Probability that a disease-free survivor stays disease-free.
    private let stayDiseaseFree: Double
    /// Probability of moving up one age band (0 for the open last band).
    let ageingProbability: Double
    /// Births per year per person in the cell, both sexes.
    let birthRate: Double

    init(layout: CellLayout, parameters p: CohortParameters, cell: Cell) {
        self.cell = cell
        self.parameters = p
        let band = cell.ageBand, sex = cell.sex
        let excess = cell.disease == 0 ? 0 : p.diseases[cell.disease - 1].excessMortality[sex, band]
        survival = (1 - p.mortality[sex, band]) * (1 - excess)
        var onsets = 0.0
        if cell.disease == 0 {
            for rates in p.diseases { onsets += rates.onset[sex, band] }
        }
        stayDiseaseFree = 1 - onsets
        ageingProbability = layout.ageBands.ageingProbability(of: band)
        birthRate = cell.poverty == .inPoverty
            ? p.birthRate * layout.ageBands.overlap(of: band, with: p.fertileAges) : 0
    }

    /// Probability that a survivor ends the year in disease state `target`.
    func diseaseProbability(to target: Int) -> Double {
        let band = cell.ageBand, sex = cell.sex
        if cell.disease == 0 {
            return target == 0 ? stayDiseaseFree : parameters.diseases[target - 1].onset[sex, band]
        }
        let remission = parameters.diseases[cell.disease - 1].remission[sex, band]
        return target == 0 ? remission : target == cell.disease ? 1 - remission : 0
    }

    /// Probability that a survivor ends the year with poverty status `target`.
    func povertyProbability(to target: PovertyStatus) -> Double {
        switch (cell.poverty, target) {
        case (.inPoverty, .inPoverty): 1 - parameters.povertyExitRate
        case (.inPoverty, .exitedPoverty): parameters.povertyExitRate
        case (.exitedPoverty, .inPoverty): 0
        case (.exitedPoverty, .exitedPoverty): 1
        }
    }

    /// Probability that a survivor ends the year `shift` (0 or 1) bands up.
    func ageingProbability(shift: Int) -> Double {
        shift == 0 ? 1 - ageingProbability : ageingProbability
    }

    /// Births per year per person in the cell that are of sex `sex`.
    func newborns(of sex: Sex) -> Double {
        birthRate * (sex == .male ? parameters.maleBirthFraction : 1 - parameters.maleBirthFraction)
    }

    /// Births per year per person in the cell that are of sex `sex` and enter
    /// with poverty status `status`: a newborn shares its household's status at
    /// the end of the year, so a share ``CohortParameters/povertyExitRate`` of
    /// the births of in-poverty households is born into an exited household
    /// (with an exit rate of 1 nobody is in poverty the next year, newborns included).
    func newborns(of sex: Sex, status: PovertyStatus) -> Double {
        newborns(of: sex) * povertyProbability(to: status)
    }

    /// Probability that a person in the cell survives and exits poverty.
    var exitProbability: Double {
        survival * povertyProbability(to: .exitedPoverty) * (cell.poverty == .inPoverty ? 1 : 0)
    }
}
