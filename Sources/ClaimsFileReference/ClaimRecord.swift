import ClaimsFile
import Settlement

/// One data row of a claims file: the fields exactly as read (carried through
/// to the output), and the claim they describe.
public struct ReferenceClaimRecord: Hashable, Sendable {
    /// The 1-based line the row starts on.
    public var line: Int
    /// The fields as read, in header order.
    public var fields: [String]
    /// The person the claim belongs to; accumulators are kept per (person, year).
    public var personID: String
    /// The year whose parameters apply; the scenario's first year when the file has no `year` column.
    public var year: Int
    /// The claim, in exact fen.
    public var claim: Claim

    /// Creates a record.
    public init(line: Int, fields: [String], personID: String, year: Int, claim: Claim) {
        self.line = line
        self.fields = fields
        self.personID = personID
        self.year = year
        self.claim = claim
    }
}
