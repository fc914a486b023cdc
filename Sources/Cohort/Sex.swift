/// Sex of a cohort cell; mortality, disease rates and births may differ by it.
public enum Sex: Int, CaseIterable, Sendable, Hashable {
    /// Female; index 0 in the cell layout.
    case female = 0
    /// Male; index 1 in the cell layout.
    case male = 1
}
