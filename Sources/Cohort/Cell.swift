import Settlement

/// One cell of the cohort state: an age band, a sex, a poverty status and a
/// disease state. A county's population is a count per cell.
public struct Cell: Sendable, Hashable {
    /// Index into ``AgeBands/lowerBounds``.
    public var ageBand: Int
    /// Sex of the people in the cell.
    public var sex: Sex
    /// Registered-poverty status of the people in the cell.
    public var poverty: PovertyStatus
    /// Index into ``DiseaseStates/names``; 0 is disease-free.
    public var disease: Int

    /// Creates a cell; indices are checked against a layout when used.
    public init(ageBand: Int, sex: Sex, poverty: PovertyStatus, disease: Int) {
        self.ageBand = ageBand
        self.sex = sex
        self.poverty = poverty
        self.disease = disease
    }
}
