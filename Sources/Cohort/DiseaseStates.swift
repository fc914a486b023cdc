/// The named persistent disease states a person can be in.
///
/// State 0 is the disease-free reference state: onsets leave it, remissions
/// return to it, and newborns start in it. The others are the costly
/// conditions the insurance pays for (for example the 28 outpatient chronic
/// diseases lumped together, end-stage renal disease, cancer).
public struct DiseaseStates: Sendable, Hashable {
    /// State names; `names[0]` is the disease-free state.
    public let names: [String]

    /// Creates the list of states.
    ///
    /// - Throws: ``CohortError/invalidDiseaseStates(names:)`` if `names` is
    ///   empty or has duplicates.
    public init(names: [String]) throws(CohortError) {
        guard !names.isEmpty, Set(names).count == names.count
        else { throw .invalidDiseaseStates(names: names) }
        self.names = names
    }

    /// The default states: none, chronic, esrd, cancer.
    public static let standard: DiseaseStates = {
        do { return try DiseaseStates(names: ["none", "chronic", "esrd", "cancer"]) }
        catch { preconditionFailure("standard disease states are valid: \(error)") }
    }()

    /// Number of states including the disease-free one.
    @inlinable
    public var count: Int { names.count }
}
