import Settlement

/// Why a cohort structure or a parameter set was rejected.
///
/// Validation happens once, when a ``StepMatrix`` is built, so the hot step
/// never has to check probabilities.
public enum CohortError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Age-band lower bounds must be non-empty, start at 0 and strictly increase.
    case invalidAgeBands(lowerBounds: [Int])
    /// Disease-state names must be non-empty and unique.
    case invalidDiseaseStates(names: [String])
    /// A per-band (or per-state) list has the wrong length for the layout.
    case countMismatch(field: String, expected: Int, actual: Int)
    /// A value that must be a probability (or a non-negative rate) is outside its range.
    case outOfRange(field: String, value: Double)
    /// Onset probabilities out of the disease-free state add up to more than 1.
    case onsetExceedsOne(sex: Sex, ageBand: Int, total: Double)

    /// A one-line human-readable explanation.
    public var description: String {
        switch self {
        case .invalidAgeBands(let bounds):
            "age-band lower bounds \(bounds) must be non-empty, start at 0 and strictly increase"
        case .invalidDiseaseStates(let names):
            "disease states \(names) must be non-empty and unique"
        case .countMismatch(let field, let expected, let actual):
            "\(field) has \(actual) entries, the layout needs \(expected)"
        case .outOfRange(let field, let value):
            "\(field) = \(value) is out of range"
        case .onsetExceedsOne(let sex, let band, let total):
            "onset probabilities for \(sex), age band \(band) sum to \(total) > 1"
        }
    }
}
