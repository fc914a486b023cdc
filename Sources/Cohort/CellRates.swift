/// The per-cell probabilities of each component step, shared by
/// ``TransitionComponents`` and ``StepMatrix`` so both encode one model.
struct CellRates {
    /// Probability of surviving the year.
    let survival: Double
    /// Disease state after the year → probability, given survival.
    let diseaseMoves: [(Int, Double)]
    /// Poverty status after the year → probability, given survival.
    let povertyMoves: [(PovertyStatus, Double)]
    /// Age band after the year → probability, given survival.
    let ageingMoves: [(Int, Double)]
    /// Births per year per person in the cell, by newborn sex.
    let newborns: [(Sex, Double)]
    /// Births per year per person in the cell, both sexes.
    let birthRate: Double
    /// Probability that a person in the cell survives and exits poverty.
    let exitProbability: Double

    init(layout: CellLayout, parameters p: CohortParameters, cell: Cell) {
        let band = cell.ageBand, sex = cell.sex
        let excess = cell.disease == 0 ? 0 : p.diseases[cell.disease - 1].excessMortality[sex, band]
        survival = (1 - p.mortality[sex, band]) * (1 - excess)

        if cell.disease == 0 {
            let onsets = p.diseases.enumerated().map { ($0.offset + 1, $0.element.onset[sex, band]) }
            let stay = 1 - onsets.reduce(0) { $0 + $1.1 }
            diseaseMoves = [(0, stay)] + onsets
        } else {
            let remission = p.diseases[cell.disease - 1].remission[sex, band]
            diseaseMoves = [(cell.disease, 1 - remission), (0, remission)]
        }

        let inPoverty = cell.poverty == .inPoverty
        povertyMoves = inPoverty
            ? [(.inPoverty, 1 - p.povertyExitRate), (.exitedPoverty, p.povertyExitRate)]
            : [(.exitedPoverty, 1)]
        exitProbability = inPoverty ? survival * p.povertyExitRate : 0

        let up = layout.ageBands.ageingProbability(of: band)
        ageingMoves = up > 0 ? [(band, 1 - up), (band + 1, up)] : [(band, 1)]

        birthRate = inPoverty ? p.birthRate * layout.ageBands.overlap(of: band, with: p.fertileAges) : 0
        newborns = [(.female, birthRate * (1 - p.maleBirthFraction)), (.male, birthRate * p.maleBirthFraction)]
    }
}
