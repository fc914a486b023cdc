/// The columns of a claims file the settlement reads (POLICY.md section 10);
/// every other column is carried through to the output untouched.
public enum ClaimColumn: String, CaseIterable, Hashable, Sendable {
    /// Any non-empty string; a person's claims are settled in file order.
    case personID = "person_id"
    /// `general_outpatient`, `chronic_outpatient`, `inpatient` or `major_disease`.
    case setting
    /// `township`, `county`, `prefecture` or `provincial`.
    case level
    /// Whether the facility is in the person's county.
    case inCounty = "in_county"
    /// Whether the admission followed the referral rules.
    case referralCompliant = "referral_compliant"
    /// A catalog disease code; required for chronic outpatient and major disease.
    case disease
    /// The whole bill, yuan.
    case totalCost = "total_cost"
    /// The policy-range part of the bill, yuan.
    case policyRangeCost = "policy_range_cost"
    /// Optional: the general consultation fee of a general outpatient visit, yuan (0 when absent).
    case consultationFee = "consultation_fee"
    /// Optional: the claim's year (the scenario's first year when absent).
    case year
    /// Optional extension: `in_poverty` (default) or `exited_poverty`.
    case povertyStatus = "poverty_status"
    /// Optional extension: `registered_poor` (default), `minimum_living_allowance` or `extreme_poverty`.
    case welfareCategory = "welfare_category"

    /// Whether a claims file must have the column.
    public var isRequired: Bool {
        switch self {
        case .consultationFee, .year, .povertyStatus, .welfareCategory: false
        default: true
        }
    }

    /// The columns every claims file must have, in contract order.
    public static let required: [ClaimColumn] = allCases.filter(\.isRequired)
}
