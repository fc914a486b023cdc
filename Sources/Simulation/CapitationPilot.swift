import Settlement

/// A per-capita packaged-payment pilot (按人头打包付费, POLICY.md section 6;
/// seed 000 measure 7): a county medical alliance (医共体) lead hospital that
/// receives a fixed amount per covered person per year from each pooled fund
/// and then bears those funds' payments for its covered people — overspend is
/// its own, surplus it keeps (超支自负，结余留用). The claims are settled exactly
/// as for everyone else; the pilot only re-books who bears them.
public struct CapitationPilot: Hashable, Sendable {
    /// Stable id used in output, e.g. `luquan-alliance`.
    public var id: String
    /// A human name.
    public var name: String
    /// Index of the host county in the model's counties.
    public var county: Int
    /// The host county's id (as in the scenario's simulation section).
    public var countyID: String
    /// Share of the county's registered poor the pilot covers, in [0, 1]
    /// (who exactly: ``PilotCoverage``).
    public var share: Double
    /// The funds pooled into the hospital's budget, in file order.
    public var pooledFunds: [PooledFund]
    /// How deficits are shared with the county, or `nil`: the hospital bears all.
    public var riskCorridor: RiskCorridor?

    /// Creates a pilot.
    public init(id: String, name: String, county: Int, countyID: String, share: Double, pooledFunds: [PooledFund],
                riskCorridor: RiskCorridor?) {
        self.id = id
        self.name = name
        self.county = county
        self.countyID = countyID
        self.share = share
        self.pooledFunds = pooledFunds
        self.riskCorridor = riskCorridor
    }

    /// The pooled per-capita rate of a year: the sum over the pooled funds, yuan per covered person.
    public func rate(year: Int) -> Money {
        pooledFunds.reduce(Money.zero) { $0 + ($1.perCapita[year] ?? .zero) }
    }

    /// Indices of the settlement tiers whose payments the hospital bears.
    public var pooledTiers: [Int] { pooledFunds.compactMap(\.tier) }

    /// Whether the family-doctor contract fee is pooled (the hospital then provides the contracted service).
    public var poolsFamilyDoctor: Bool { pooledFunds.contains { $0.tier == nil } }
}

/// One fund pooled into a pilot's budget: a settlement tier (the hospital pays
/// what the tier would have paid on its covered people's claims) or the
/// family-doctor contract fee (the hospital provides the contract, whose cost
/// is the scenario's fee).
public struct PooledFund: Hashable, Sendable {
    /// The fund's id: a tier id, or ``familyDoctorID``.
    public var id: String
    /// The tier's index in the plan, or `nil` for the family-doctor fee.
    public var tier: Int?
    /// Yuan per covered person per year, by year.
    public var perCapita: [Int: Money]

    /// The id that pools the family-doctor contract fee (measure 10) rather than a tier.
    public static let familyDoctorID = "family_doctor"

    /// Creates a pooled fund.
    public init(id: String, tier: Int?, perCapita: [Int: Money]) {
        self.id = id
        self.tier = tier
        self.perCapita = perCapita
    }
}

/// A risk corridor: the county shares a hospital's deficit beyond a threshold.
///
/// With budget B and expenditure E, the raw result is `B − E`. When the
/// deficit `E − B` exceeds `deficitThreshold × B`, the county pays
/// `countyShare × (E − B − deficitThreshold × B)` (rounded to the fen); the
/// hospital bears the rest. Surpluses are the hospital's alone (结余留用). A
/// corridor never turns a deficit into a surplus (the scenario loader rejects
/// `countyShare` 1 with threshold 0, which would take all risk away), so the
/// hospital is in deficit exactly when `E > B`.
public struct RiskCorridor: Hashable, Sendable {
    /// The deficit, as a share of the budget, that the hospital bears alone.
    public var deficitThreshold: Rate
    /// The county's share of the deficit beyond the threshold.
    public var countyShare: Rate

    /// Creates a corridor.
    public init(deficitThreshold: Rate, countyShare: Rate) {
        self.deficitThreshold = deficitThreshold
        self.countyShare = countyShare
    }

    /// The county's payment on a budget and expenditure (fen), ≥ 0.
    public func countyPayment(budget: Int64, expenditure: Int64) -> Int64 {
        let beyond = expenditure &- budget &- deficitThreshold.apply(to: Money(fen: budget)).fen
        return beyond > 0 ? countyShare.apply(to: Money(fen: beyond)).fen : 0
    }
}
