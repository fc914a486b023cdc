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
    /// A probability per person-year, in [0, 1] (simulation).
    case probability
    /// A share of a whole, in [0, 1] (simulation).
    case share
    /// Events per person-year, e.g. visits or admissions (simulation).
    case perPersonYear = "per_person_year"
    /// A growth rate per year, e.g. cost growth (simulation).
    case perYear = "per_year"
    /// Mean people per household (simulation).
    case peoplePerHousehold = "people_per_household"
    /// A coefficient of variation, sd / mean, at least 0 (simulation).
    case cv
    /// A non-negative multiplier, e.g. a sex factor on a probability (simulation).
    case multiplier
}
