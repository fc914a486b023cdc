import Settlement

/// Settlement plans for the simulation tests, written in Swift so the tests do
/// not depend on the scenario loader.
public enum TinyPlans {
    public static func r(_ x: Double) -> Rate { Rate(exactly: x)! }

    /// One tier paying `ratio` of the total cost of every claim, no cap: linear, for analytic checks.
    public static func linear(_ ratio: Double) -> SettlementPlan {
        SettlementPlan(tiers: [Tier(id: "insurance", name: "Insurance", payer: .insuranceFund, rules: [
            TierRule(id: "all", filter: .any, formula: .coinsurance(Coinsurance(base: .totalCost, ratio: LevelValues(uniform: r(ratio))))),
        ])])
    }

    /// A Yunnan-shaped plan: basic, critical illness, assistance, backstop with an income line.
    public static let yunnanLike: SettlementPlan = {
        let admissions: Set<ClaimSetting> = [.inpatient, .majorDisease]
        let basic = Tier(id: "basic_insurance", name: "Basic", payer: .insuranceFund, rules: [
            TierRule(id: "inpatient", filter: ClaimFilter(settings: admissions),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(township: r(0.95), county: r(0.85), prefecture: r(0.7), provincial: r(0.7)),
                                                       deductible: .perClaim(LevelValues(township: .zero, county: Money(yuan: 300), prefecture: Money(yuan: 600), provincial: Money(yuan: 1000))),
                                                       cap: "basic"))),
            TierRule(id: "chronic", filter: ClaimFilter(settings: [.chronicOutpatient]),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: r(0.8)), cap: "basic"))),
            TierRule(id: "general", filter: ClaimFilter(settings: [.generalOutpatient]),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: r(0.5)), consultationFeeInFull: true, cap: "go"))),
        ], annualCaps: ["basic": Money(yuan: 150_000), "go": Money(yuan: 420)])
        let critical = Tier(id: "critical_illness", name: "CI", payer: .criticalIllnessInsurer, rules: [
            TierRule(id: "major", filter: ClaimFilter(settings: [.majorDisease]), formula: .topUp(TopUp(base: .totalCost, target: r(0.85), cap: "ci"))),
            TierRule(id: "inpatient", filter: ClaimFilter(settings: [.inpatient]),
                     formula: .coinsurance(Coinsurance(base: .policyRangeRemaining, ratio: LevelValues(uniform: r(0.7)), deductible: .annual("ci"), cap: "ci"))),
        ], annualCaps: ["ci": Money(yuan: 450_000)], annualDeductibles: ["ci": Money(yuan: 5000)])
        let assistance = Tier(id: "medical_assistance", name: "Assistance", payer: .civilAffairsAssistanceFund, rules: [
            TierRule(id: "compliant", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                     formula: .topUp(TopUp(base: .policyRange, target: r(0.9), cap: "assistance"))),
        ], annualCaps: ["assistance": Money(yuan: 100_000)])
        let line: [Int: Money] = [2017: Money(yuan: 9020), 2018: Money(yuan: 9862), 2019: Money(yuan: 10768), 2020: Money(yuan: 11902)]
        let backstop = Tier(id: "backstop", name: "Backstop", payer: .countyGovernment, rules: [
            TierRule(id: "actual_ratio", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                     formula: .topUp(TopUp(base: .totalCost, target: r(0.9)))),
        ], outOfPocketLimit: OutOfPocketLimit(filter: ClaimFilter(settings: [.inpatient, .majorDisease, .chronicOutpatient], referralCompliant: true), line: line))
        return SettlementPlan(tiers: [basic, critical, assistance, backstop])
    }()
}
