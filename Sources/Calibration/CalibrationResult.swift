import Simulation

/// A county's fit: every quantity the overlay sets, with what the fit could
/// not map to a parameter of the model.
public struct CalibrationResult: Sendable {
    /// The conditions' quantities, one entry per condition with anything fitted.
    public struct FittedCondition: Sendable {
        /// The condition's disease code.
        public var disease: String
        /// Its quantities (paths `conditions.CODE.KEY`).
        public var quantities: [FittedQuantity]
    }

    /// The county's population structure from its roster (`population.age_sex_shares`, and
    /// `population.household_sizes` when the roster has households), each share from counts,
    /// with the count it was taken from: its uncertainty is `{distribution: dirichlet,
    /// concentration: n}`, the multinomial sampling error (sd √(p(1 − p)/(n + 1))).
    public struct FittedStructure: Sendable, Hashable {
        /// Shares by sex (0 female, 1 male) and age band of the base's `age_bands`; add up to 1.
        public var ageSexShares: [[Double]]
        /// The people the shares were counted from.
        public var people: Int
        /// The year of the roster they were counted in.
        public var year: Int
        /// The share of households of each size (entry k: size k + 1), or `nil` without households.
        public var householdSizeShares: [Double]?
        /// The households (of that year) the sizes were counted from.
        public var households: Int
        /// Households larger than the format's 30 people, counted as 30.
        public var householdsAbove30: Int
    }

    /// The county.
    public var countyID: String
    /// The base scenario's id.
    public var baseID: String
    /// The inputs.
    public var claimsFile: CitedFile
    /// See ``claimsFile``.
    public var rosterFile: CitedFile
    /// The roster's years.
    public var years: ClosedRange<Int>
    /// The registered poor (people enrolled in the roster's first year) and that year.
    public var registeredPoor: (count: Int, year: Int)
    /// The county's age/sex structure and household sizes (written under `population:`).
    public var structure: FittedStructure
    /// The quantities of the county's override other than conditions (paths like `inpatient.cost_mean`).
    public var quantities: [FittedQuantity]
    /// The conditions' quantities.
    public var conditions: [FittedCondition]
    /// Observed statistics the model does not take per county (age/sex structure, households, persistence, poverty by year).
    public var observations: [String]
    /// Claims the model has no category for, by "setting disease": count.
    public var unmapped: [(category: String, claims: Int)]
    /// The base's cost base year and growth used to deflate costs.
    public var costBaseYear: Int
    /// See ``costBaseYear``.
    public var costGrowth: Double
    /// The settings used.
    public var settings: CalibrationSettings
    /// The base's override of the county's cost growth (kept in the overlay: costs were deflated with it), if any.
    public var keptCostGrowth: ModelParameter?
    /// The base's other overrides of the county, by name: the overlay's block replaces them (the notes list them).
    public var replacedOverrides: [String] = []

    /// Every quantity, conditions included.
    public var allQuantities: [FittedQuantity] { quantities + conditions.flatMap(\.quantities) }
}
