import PolicyCatalog

/// What reading a claims extract and roster checks against: the base
/// scenario's horizon and tier ids, the disease catalog, and the limits on ages.
public struct ExtractReadOptions: Sendable {
    /// The scenario's years: a roster row or claim of another year is an error.
    public var years: ClosedRange<Int>
    /// The scenario's tier ids, in settlement order: an extract column of one of these names is a recorded payment.
    public var tierIDs: [String]
    /// The disease catalog the `disease` codes come from.
    public var catalog: DiseaseCatalog
    /// The oldest age accepted (years); an age above it is an error (a typo such as 200).
    public var maximumAge: Int
    /// How far a claim's `age` may be from the roster's age of that person-year (a birthday during the year).
    public var ageTolerance: Int

    /// Creates options; `maximumAge` 120 and `ageTolerance` 1 by default.
    public init(years: ClosedRange<Int>, tierIDs: [String], catalog: DiseaseCatalog = .standard, maximumAge: Int = 120, ageTolerance: Int = 1) {
        self.years = years
        self.tierIDs = tierIDs
        self.catalog = catalog
        self.maximumAge = maximumAge
        self.ageTolerance = ageTolerance
    }
}
