import Settlement
import Simulation

extension Reader {
    /// `capitation:` the per-capita packaged-payment pilots (POLICY.md section 6).
    /// Each pilot names a county of the simulation section, the share of its
    /// registered poor covered, the pooled funds (tier ids of the plan, or
    /// `family_doctor`) with their per-capita amounts by year, and an optional
    /// risk corridor. Fields are named `capitation[ID].…`.
    func capitation(_ at: Located, years: ClosedRange<Int>, tierIDs: [String], familyDoctor: FamilyDoctorFee?,
                    counties: [CountySpec]?) throws(ScenarioError) -> [CapitationPilot] {
        guard let counties else {
            throw error(at, "capitation pilots need a simulation section: a pilot's county is one of its counties")
        }
        var pilots: [CapitationPilot] = []
        for item in try sequence(at) {
            let id = try idOf(item)
            let pilotAt = Located(node: item.node, path: "capitation[\(id)]")
            remember(pilotAt)
            guard !pilots.contains(where: { $0.id == id }) else { throw error(pilotAt, "duplicate pilot id '\(id)'") }
            let keys = ["id", "name", "county", "share", "pooled_funds", "risk_corridor"]
            let f = try fields(pilotAt, allowed: keys, required: ["id", "name", "county", "share", "pooled_funds"])
            let countyID = try string(f["county"]!)
            guard let county = counties.firstIndex(where: { $0.region.id == countyID }) else {
                throw error(f["county"]!, "unknown county '\(countyID)'; expected a county id of the simulation section, e.g. \(counties.prefix(3).map(\.region.id).joined(separator: ", "))")
            }
            if let other = pilots.first(where: { $0.county == county }) {
                throw error(f["county"]!, "county '\(countyID)' already hosts pilot '\(other.id)'; a county hosts at most one pilot")
            }
            let share = try plainScalar(f["share"]!, unit: .share)
            var funds: [PooledFund] = []
            let fundIDs = tierIDs + [PooledFund.familyDoctorID]
            let pooled = try fields(f["pooled_funds"]!, allowed: fundIDs, unknownMessage: { key in
                "unknown fund '\(key)'; expected a tier id (\(tierIDs.joined(separator: ", "))) or \(PooledFund.familyDoctorID)"
            })
            guard !pooled.entries.isEmpty else { throw error(f["pooled_funds"]!, "expected at least one pooled fund") }
            for (fundID, amountAt) in pooled.entries {
                let tier = tierIDs.firstIndex(of: fundID)
                if tier == nil && familyDoctor == nil {
                    throw error(amountAt, "the scenario has no fiscal.family_doctor fee to pool")
                }
                funds.append(PooledFund(id: fundID, tier: tier,
                                        perCapita: try moneyByYear(amountAt, unit: .yuanPerPersonYear, years: years)))
            }
            var corridor: RiskCorridor?
            if let corridorAt = f["risk_corridor"] {
                let cf = try fields(corridorAt, allowed: ["deficit_threshold", "county_share"],
                                    required: ["deficit_threshold", "county_share"])
                let c = RiskCorridor(deficitThreshold: try rateScalar(cf["deficit_threshold"]!),
                                     countyShare: try rateScalar(cf["county_share"]!))
                guard c.deficitThreshold > .zero || c.countyShare < .one else {
                    throw error(corridorAt, "a county share of 1 beyond a threshold of 0 takes all the risk from the hospital; lower the share or raise the threshold")
                }
                corridor = c
            }
            pilots.append(CapitationPilot(id: id, name: try string(f["name"]!), county: county, countyID: countyID,
                                          share: share, pooledFunds: funds, riskCorridor: corridor))
        }
        guard !pilots.isEmpty else { throw error(at, "expected at least one pilot; leave the section out instead") }
        return pilots
    }
}
