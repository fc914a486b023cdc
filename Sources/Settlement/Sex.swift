/// A person's sex: of a population cell (the simulation's and the cohort
/// projection's: mortality, disease rates and births may differ by it) and of a
/// roster or claims-extract row. The order is the scenario's
/// (`age_sex_shares: {female, male}`, `sex_factor`). It lives here, beside
/// ``PovertyStatus``, as the module every one of them sees (the simulation does
/// not depend on the cohort projection).
public enum Sex: Int, CaseIterable, Sendable, Hashable {
    /// Female; index 0 in the cell layout.
    case female = 0
    /// Male; index 1 in the cell layout.
    case male = 1

    /// The word in the files: `female`, `male`.
    public var fileName: String { self == .female ? "female" : "male" }
}
