import PolicyCatalog
import Settlement

/// The deliberately straightforward settlement the engine is measured against:
/// it interprets the ``SettlementPlan`` as written, testing each rule's
/// ``ClaimFilter`` sets and disease lists by name on every claim and keeping a
/// person-year's accumulators in a dictionary keyed by "tier/name". It must give
/// the engine's breakdowns exactly: SettlementTests checks it claim by claim over
/// every shipped scenario, and `fundsim-bench settlement` measures the engine
/// against it. Not linked into `fundsim`.
public struct NaiveSettler: Sendable {
    /// The plan interpreted.
    public let plan: SettlementPlan
    /// The year whose income lines apply.
    public let year: Int
    /// The catalog the claims' disease indices refer to.
    public let catalog: DiseaseCatalog

    /// Creates the interpreter of a plan for one year.
    public init(plan: SettlementPlan, year: Int, catalog: DiseaseCatalog = .standard) {
        self.plan = plan
        self.year = year
        self.catalog = catalog
    }

    /// Settles one claim against the accumulators of its person-year (start each person-year with `[:]`).
    public func settle(_ claim: Claim, state: inout [String: Int64]) -> ClaimBreakdown {
        var breakdown = ClaimBreakdown(tierCount: plan.tiers.count)
        let total = claim.totalCost.fen
        let policyRange = claim.policyRangeCost.fen
        let fee = min(claim.consultationFee.fen, policyRange)
        var unpaid = total
        var paid: Int64 = 0
        for (t, tier) in plan.tiers.enumerated() {
            var payment: Int64 = 0
            if let rule = tier.rules.first(where: { matches($0.filter, claim) }) {
                let base: PaymentBase, rate: Rate, capName: String?
                switch rule.formula {
                case .coinsurance(let c): base = c.base; rate = c.ratio[claim.level]; capName = c.cap
                case .topUp(let u): base = u.base; rate = u.target; capName = u.cap
                }
                let baseAmount: Int64 = switch base {
                case .policyRange: policyRange
                case .totalCost: total
                case .policyRangeRemaining: max(0, policyRange - paid)
                case .unpaid: unpaid
                }
                var feePaid: Int64 = 0
                var amount: Int64
                switch rule.formula {
                case .topUp:
                    amount = max(0, rate.apply(to: Money(fen: baseAmount)).fen - paid)
                case .coinsurance(let c):
                    var rest = baseAmount
                    if c.consultationFeeInFull { feePaid = min(fee, rest); rest -= feePaid }
                    var deductible: Int64 = 0
                    switch c.deductible {
                    case .none: break
                    case .perClaim(let table): deductible = min(rest, table[claim.level].fen)
                    case .annual(let name):
                        let key = "\(tier.id)/deductible/\(name)"
                        let left = tier.annualDeductibles[name]!.fen - state[key, default: 0]
                        deductible = min(rest, max(0, left))
                        state[key, default: 0] += deductible
                    }
                    amount = rate.apply(to: Money(fen: rest - deductible)).fen
                    if let floor = c.floor { amount = max(amount, floor.apply(to: Money(fen: baseAmount)).fen) }
                }
                if let capName {
                    let key = "\(tier.id)/cap/\(capName)"
                    amount = min(amount, max(0, tier.annualCaps[capName]!.fen - state[key, default: 0]))
                }
                payment = min(amount + feePaid, unpaid)
                if let capName { state["\(tier.id)/cap/\(capName)", default: 0] += max(0, payment - feePaid) }
                unpaid -= payment
                paid += payment
            }
            if let limit = tier.outOfPocketLimit, matches(limit.filter, claim) {
                let key = "\(tier.id)/out_of_pocket"
                let sofar = state[key, default: 0]
                let extra = min(unpaid, max(0, sofar + unpaid - limit.line[year]!.fen))
                unpaid -= extra
                paid += extra
                payment += extra
                state[key] = sofar + unpaid
            }
            breakdown.payments[t] = Money(fen: payment)
        }
        breakdown.outOfPocket = Money(fen: unpaid)
        return breakdown
    }

    /// The filter's conditions, tested one by one from the sets and names.
    private func matches(_ filter: ClaimFilter, _ claim: Claim) -> Bool {
        if let settings = filter.settings, !settings.contains(claim.setting) { return false }
        if let levels = filter.levels, !levels.contains(claim.level) { return false }
        if let compliant = filter.referralCompliant, compliant != claim.isCompliant { return false }
        if let inCounty = filter.inCounty, inCounty != claim.inCounty { return false }
        if let statuses = filter.povertyStatuses, !statuses.contains(claim.povertyStatus) { return false }
        if let categories = filter.welfareCategories, !categories.contains(claim.welfareCategory) { return false }
        if let lists = filter.diseaseLists, !lists.contains(where: { inList($0, claim.disease) }) { return false }
        if filter.excludedDiseaseLists.contains(where: { inList($0, claim.disease) }) { return false }
        return true
    }

    private func inList(_ name: String, _ disease: DiseaseIndex?) -> Bool {
        guard let disease, catalog.contains(disease) else { return false }
        let entry = catalog[disease]
        if let builtIn = DiseaseListSet(name: name) { return entry.lists.contains(builtIn) }
        return plan.diseaseLists[name]?.contains(entry.code) ?? false
    }
}
