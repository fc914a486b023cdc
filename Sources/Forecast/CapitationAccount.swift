import Settlement
import Simulation

/// One draw's books of a capitation pilot in one year (POLICY.md section 6),
/// all in fen so that they balance exactly:
///
///     hospitalSurplus = budget − (expenditure − countyPayment)
///
/// where `expenditure` is what the pooled funds would have paid for the
/// covered people (the pooled tiers' payments on their claims, plus the
/// family-doctor fee when pooled) and `countyPayment` is the risk corridor's
/// share of a deficit. Negative surplus is a deficit the hospital bears.
public struct CapitationAccount: Hashable, Sendable {
    /// People covered.
    public var coveredPeople: Int64
    /// Pooled budget: the per-capita rate × covered people.
    public var budget: Int64
    /// The pooled tiers' payments on the covered people's claims.
    public var tierPayments: Int64
    /// The family-doctor fee × covered people when the fee is pooled, else 0.
    public var familyDoctorCost: Int64
    /// The county's payment under the risk corridor (0 without one).
    public var countyPayment: Int64
    /// Covered people whose counted out-of-pocket exceeded the income line.
    public var incomeLineViolations: Int64

    /// What the pooled funds pay for: tier payments and the family-doctor cost.
    public var expenditure: Int64 { tierPayments &+ familyDoctorCost }
    /// What the hospital keeps (≥ 0) or bears (< 0).
    public var hospitalSurplus: Int64 { budget &- (expenditure &- countyPayment) }
    /// Whether the hospital is in deficit.
    public var isDeficit: Bool { hospitalSurplus < 0 }

    /// The books of `pilot` from one draw's pilot row (``PilotLedgerLayout``,
    /// fen), at a per-capita `rate` (fen per covered person; the pilot's own
    /// pooled rate of the year when `nil`). `familyDoctorFee` is the scenario's fee.
    public init(pilot: CapitationPilot, year: Int, row: ArraySlice<Int64>, layout: PilotLedgerLayout,
                familyDoctorFee: Money?, rate: Int64? = nil) {
        let base = row.startIndex
        coveredPeople = row[base + layout.coveredPeople]
        budget = (rate ?? pilot.rate(year: year).fen) &* coveredPeople
        tierPayments = pilot.pooledTiers.reduce(Int64(0)) { $0 &+ row[base + $1] }
        familyDoctorCost = pilot.poolsFamilyDoctor ? (familyDoctorFee ?? .zero).fen &* coveredPeople : 0
        incomeLineViolations = row[base + layout.incomeLineViolations]
        countyPayment = 0
        if let corridor = pilot.riskCorridor {
            countyPayment = corridor.countyPayment(budget: budget, expenditure: tierPayments &+ familyDoctorCost)
        }
    }
}
