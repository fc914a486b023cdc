/// A person's sex as the roster and the extract write it (`female` / `male`);
/// the order is the scenario's (`age_sex_shares: {female, male}`, `sex_factor`).
public enum PersonSex: Int, CaseIterable, Hashable, Sendable {
    /// `female`.
    case female
    /// `male`.
    case male

    /// The word in the files.
    public var fileName: String { self == .female ? "female" : "male" }
}
