import Settlement

/// The transition inputs of one projection year for one parameter draw.
///
/// Filled by the scenario loader; every probability is an annual
/// probability (not a continuous-time hazard). One value applies to every
/// county stepped with it; to give counties different values (for example a
/// county-specific poverty-exit rate), build one ``StepMatrix`` per county
/// and step each county's columns as its own ``ColumnGroup``.
public struct CohortParameters: Sendable, Hashable {
    /// Annual probability of death of a disease-free person, by sex and age band.
    public var mortality: AgeSexRates
    /// Annual probability that a surviving in-poverty person exits poverty.
    public var povertyExitRate: Double
    /// Rates of each disease state after the disease-free one, in
    /// ``DiseaseStates/names`` order (so `count == diseaseStates.count − 1`).
    public var diseases: [DiseaseRates]
    /// Births per year per in-poverty person (either sex) aged in
    /// ``fertileAges``. Newborns enter the first age band, in poverty,
    /// disease-free.
    public var birthRate: Double
    /// Fraction of births that are male, in 0...1 (a sex ratio at birth of
    /// 110 boys per 100 girls gives 110/210 ≈ 0.524).
    public var maleBirthFraction: Double
    /// Ages in years whose in-poverty people give rise to births; bands that
    /// straddle a bound contribute in proportion to their overlap.
    public var fertileAges: Range<Int>

    /// Creates a parameter set; see each property for units.
    public init(mortality: AgeSexRates, povertyExitRate: Double, diseases: [DiseaseRates],
                birthRate: Double, maleBirthFraction: Double, fertileAges: Range<Int> = 15..<50) {
        self.mortality = mortality
        self.povertyExitRate = povertyExitRate
        self.diseases = diseases
        self.birthRate = birthRate
        self.maleBirthFraction = maleBirthFraction
        self.fertileAges = fertileAges
    }

    /// Parameters with every process switched off except ageing (which is
    /// structural): the neutral start from which scenarios and tests set
    /// only the processes they model.
    public static func zero(for layout: CellLayout) -> CohortParameters {
        let bands = layout.ageBands.count
        return CohortParameters(
            mortality: .zeros(bandCount: bands), povertyExitRate: 0,
            diseases: Array(repeating: .zeros(bandCount: bands), count: layout.diseaseStates.count - 1),
            birthRate: 0, maleBirthFraction: 0.5)
    }

    /// Checks lengths against `layout`, that probabilities lie in 0...1 and
    /// that onsets out of the disease-free state sum to at most 1.
    public func validate(for layout: CellLayout) throws(CohortError) {
        let bands = layout.ageBands.count
        try mortality.validate("mortality", bandCount: bands)
        guard (0...1).contains(povertyExitRate)
        else { throw .outOfRange(field: "povertyExitRate", value: povertyExitRate) }
        guard diseases.count == layout.diseaseStates.count - 1
        else { throw .countMismatch(field: "diseases", expected: layout.diseaseStates.count - 1, actual: diseases.count) }
        for (offset, rates) in diseases.enumerated() {
            let name = layout.diseaseStates.names[offset + 1]
            try rates.onset.validate("\(name).onset", bandCount: bands)
            try rates.remission.validate("\(name).remission", bandCount: bands)
            try rates.excessMortality.validate("\(name).excessMortality", bandCount: bands)
        }
        for sex in Sex.allCases {
            for band in 0..<bands {
                let total = diseases.reduce(0) { $0 + $1.onset[sex, band] }
                guard total <= 1 else { throw .onsetExceedsOne(sex: sex, ageBand: band, total: total) }
            }
        }
        guard birthRate >= 0, birthRate.isFinite
        else { throw .outOfRange(field: "birthRate", value: birthRate) }
        guard (0...1).contains(maleBirthFraction)
        else { throw .outOfRange(field: "maleBirthFraction", value: maleBirthFraction) }
    }
}
