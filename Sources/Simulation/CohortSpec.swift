/// A persistent disease state of the cohort projection (e.g. chronic disease,
/// ESRD, cancer), with its base-year prevalence and yearly transitions by age group.
public struct CohortDiseaseSpec: Hashable, Sendable {
    /// State name, e.g. `chronic`.
    public var name: String
    /// Share of people in the state in the base year, by ``AgeGroup``.
    public var basePrevalence: [Double]
    /// Annual probability of onset from no disease, by age group.
    public var onset: [Double]
    /// Annual probability of remission back to no disease, by age group.
    public var remission: [Double]
    /// Annual excess probability of death in the state, by age group.
    public var excessMortality: [Double]

    /// Creates a state.
    public init(name: String, basePrevalence: [Double], onset: [Double], remission: [Double], excessMortality: [Double]) {
        self.name = name
        self.basePrevalence = basePrevalence
        self.onset = onset
        self.remission = remission
        self.excessMortality = excessMortality
    }
}

/// The yearly transitions of the multi-year cohort projection (ageing, deaths,
/// births into registered households, exits from poverty, disease onset,
/// remission and death), as the scenario file gives them. The projection itself
/// (matrix work on OpenBLAS) lives in the ProjectedPopulation module.
public struct CohortSpec: Hashable, Sendable {
    /// Annual probability of death by age band: `[band][0]` female, `[band][1]` male.
    public var mortality: [[Double]]
    /// Annual probability that a person still in poverty exits during year Y (keyed by Y); may be uncertain.
    public var povertyExitRate: [Int: ParameterID]
    /// Births per in-poverty person aged 15–49 per year (born into registered households, in poverty).
    public var birthRate: Double
    /// Share of births that are boys.
    public var maleBirthFraction: Double
    /// Disease states besides "none".
    public var diseaseStates: [CohortDiseaseSpec]

    /// Creates a specification.
    public init(mortality: [[Double]], povertyExitRate: [Int: ParameterID], birthRate: Double, maleBirthFraction: Double,
                diseaseStates: [CohortDiseaseSpec]) {
        self.mortality = mortality
        self.povertyExitRate = povertyExitRate
        self.birthRate = birthRate
        self.maleBirthFraction = maleBirthFraction
        self.diseaseStates = diseaseStates
    }
}
