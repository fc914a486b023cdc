import PolicyCatalog
import Settlement

/// General outpatient use (普通门诊): visits per person-year by age group, and
/// the cost per visit. A person-year's visits are settled as one claim: the
/// formula is linear in the visits and the cap is annual, so this is the same
/// model as visit-by-visit settlement up to the rounding of each visit's fen.
public struct GeneralOutpatientModel: Hashable, Sendable {
    /// Mean visits per person-year, by ``AgeGroup``.
    public var visitsPerYear: [ParameterID]
    /// Mean cost of one visit (yuan); visit costs are gamma distributed so a
    /// year's sum given the number of visits is gamma too.
    public var costPerVisit: ParameterID
    /// Coefficient of variation of one visit's cost.
    public var costCV: ParameterID
    /// The general consultation fee (一般诊疗费) of one visit (yuan).
    public var consultationFeePerVisit: ParameterID
    /// Share of the cost within the policy range.
    public var policyRangeShare: ParameterID

    /// Creates the model.
    public init(visitsPerYear: [ParameterID], costPerVisit: ParameterID, costCV: ParameterID,
                consultationFeePerVisit: ParameterID, policyRangeShare: ParameterID) {
        self.visitsPerYear = visitsPerYear
        self.costPerVisit = costPerVisit
        self.costCV = costCV
        self.consultationFeePerVisit = consultationFeePerVisit
        self.policyRangeShare = policyRangeShare
    }
}

/// Admissions (住院) not tied to a catalog disease: a Poisson number per
/// person-year, each at a level drawn from the level mix, with a log-normal cost.
public struct InpatientModel: Hashable, Sendable {
    /// Mean admissions per person-year, by ``AgeGroup``.
    public var admissionsPerYear: [ParameterID]
    /// Relative weight of each ``FacilityLevel`` (normalised per draw).
    public var levelWeights: [ParameterID]
    /// Mean cost per admission by level (yuan).
    public var costMean: [ParameterID]
    /// Coefficient of variation of the cost by level.
    public var costCV: [ParameterID]
    /// Share of the cost within the policy range, by level.
    public var policyRangeShare: [ParameterID]
    /// Probability an admission is in the person's county, by level.
    public var inCountyProbability: [ParameterID]
    /// Probability an admission follows the referral rules (符合转诊转院规范), in county and out of county.
    public var compliantInCounty: ParameterID
    /// See ``compliantInCounty``.
    public var compliantOutOfCounty: ParameterID

    /// Creates the model.
    public init(admissionsPerYear: [ParameterID], levelWeights: [ParameterID], costMean: [ParameterID],
                costCV: [ParameterID], policyRangeShare: [ParameterID], inCountyProbability: [ParameterID],
                compliantInCounty: ParameterID, compliantOutOfCounty: ParameterID) {
        self.admissionsPerYear = admissionsPerYear
        self.levelWeights = levelWeights
        self.costMean = costMean
        self.costCV = costCV
        self.policyRangeShare = policyRangeShare
        self.inCountyProbability = inCountyProbability
        self.compliantInCounty = compliantInCounty
        self.compliantOutOfCounty = compliantOutOfCounty
    }
}

/// How a condition's claims follow a persistent disease state of the cohort
/// projection (``CohortSpec/diseaseStates``), so the projection and the claims
/// are one model: the state carries over years with the cohort's onset,
/// remission and excess mortality, and the claims come from it.
public struct ConditionLink: Hashable, Sendable {
    /// Which people of the state have a claim of the condition in a year.
    public enum Basis: String, Hashable, Sendable {
        /// People in the state at the start of the year (the stock, prevalence): e.g. a year of dialysis.
        case stock
        /// People who enter the state during the year (new cases, incidence): e.g. a per-case cancer treatment.
        case onset
    }
    /// The state: its 1-based index among ``CohortSpec/diseaseStates`` (0 is "none").
    public var state: Int
    /// Stock or new cases.
    public var basis: Basis

    /// Creates a link.
    public init(state: Int, basis: Basis) {
        self.state = state
        self.basis = basis
    }
}

/// A catalog disease as the simulation sees it: who has it in a year, and the
/// claim a year of it produces (a chronic-outpatient year of care, a
/// major-disease case at its per-case fee, or an admission such as cataract surgery).
public struct ConditionModel: Hashable, Sendable {
    /// The disease code (catalog).
    public var code: String
    /// The disease's catalog index.
    public var disease: DiseaseIndex
    /// The claim setting a case produces.
    public var setting: ClaimSetting
    /// Probability per person-year of a claim-producing case, by ``AgeGroup``; for a
    /// condition with a ``link``, the probability for a person of the linked stock or
    /// new cases (the share of them with a claim of this condition in the year).
    public var annualProbability: [ParameterID]
    /// The persistent disease state the condition's claims come from, or `nil`: then
    /// cases are drawn independently every year with ``annualProbability``.
    public var link: ConditionLink?
    /// Multiplier of the probability for (female, male).
    public var sexFactor: [ParameterID]
    /// Mean cost of the year's care or the case (yuan).
    public var costMean: ParameterID
    /// Coefficient of variation of the cost; 0 for a fixed per-case fee.
    public var costCV: ParameterID
    /// Facility level of the care.
    public var level: FacilityLevel
    /// Share of the cost within the policy range.
    public var policyRangeShare: ParameterID

    /// Creates a condition.
    public init(code: String, disease: DiseaseIndex, setting: ClaimSetting, annualProbability: [ParameterID],
                sexFactor: [ParameterID], costMean: ParameterID, costCV: ParameterID, level: FacilityLevel,
                policyRangeShare: ParameterID, link: ConditionLink? = nil) {
        self.link = link
        self.code = code
        self.disease = disease
        self.setting = setting
        self.annualProbability = annualProbability
        self.sexFactor = sexFactor
        self.costMean = costMean
        self.costCV = costCV
        self.level = level
        self.policyRangeShare = policyRangeShare
    }
}

/// The whole simulation model of a scenario: population, utilisation, diseases,
/// cost growth, and the table of every number they use.
public struct SimulationModel: Hashable, Sendable {
    /// Every number of the model, with unit, source and optional uncertainty.
    public var parameters: ParameterTable
    /// The registered-poor population.
    public var population: PopulationModel
    /// General outpatient use.
    public var generalOutpatient: GeneralOutpatientModel
    /// Admissions not tied to a catalog disease.
    public var inpatient: InpatientModel
    /// Catalog diseases.
    public var conditions: [ConditionModel]
    /// Annual growth of all costs (yuan of year Y = base × (1 + g)^(Y − base year)).
    public var costGrowth: ParameterID
    /// The year costs are given in.
    public var costBaseYear: Int
    /// The multi-year cohort projection, if the scenario has one; without it every
    /// year has the base-year age structure and that year's in-poverty share.
    public var cohort: CohortSpec?
    /// The policy's targets for the forecast's indicators (`indicators.csv`).
    public var indicatorTargets: [IndicatorTarget]
    /// Per-county parameters (`simulation.county_overrides`): for a county listed,
    /// each parameter on the left takes the value of the parameter on the right
    /// (both in ``parameters``), so one county's own data or a pilot's parameters can
    /// differ from the province's. Counties not listed use the province's values.
    public var countyOverrides: [Int: [ParameterID: ParameterID]] = [:]

    /// The parameter values a county sees in a draw: the province's, with the county's overrides substituted.
    public func parameters(_ drawn: DrawnParameters, county: Int) -> DrawnParameters {
        guard let substitutions = countyOverrides[county] else { return drawn }
        var values = drawn
        for (original, replacement) in substitutions { values.values[original.index] = drawn[replacement] }
        return values
    }

    /// Creates a model.
    public init(parameters: ParameterTable, population: PopulationModel, generalOutpatient: GeneralOutpatientModel,
                inpatient: InpatientModel, conditions: [ConditionModel], costGrowth: ParameterID, costBaseYear: Int,
                cohort: CohortSpec? = nil, indicatorTargets: [IndicatorTarget] = []) {
        self.cohort = cohort
        self.indicatorTargets = indicatorTargets
        self.parameters = parameters
        self.population = population
        self.generalOutpatient = generalOutpatient
        self.inpatient = inpatient
        self.conditions = conditions
        self.costGrowth = costGrowth
        self.costBaseYear = costBaseYear
    }
}
