/// The unit a scenario file attaches to every number. Each field accepts one
/// unit; a number with another unit is an error, so that a ratio cannot be
/// typed in as yuan (or a per-person subsidy as a per-claim amount) by mistake.
public enum ParameterUnit: String, CaseIterable, Hashable, Sendable {
    /// An amount of money in yuan (元), at most two decimals: deductibles, caps, income lines.
    case yuan
    /// A share between 0 and 1: reimbursement ratios, floors, targets, cost splits.
    case ratio
    /// Yuan per person per year (元/人/年): premiums, subsidies, per-capita payments.
    case yuanPerPersonYear = "yuan_per_person_year"
    /// A list of disease codes (only for `disease_lists`).
    case codes
}
