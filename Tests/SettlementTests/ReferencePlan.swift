import Settlement

/// The Yunnan 2017 built-in plan written out in Swift from POLICY.md section 8,
/// independently of any scenario file. The cases load scenario files; this plan
/// is the yardstick the loaded `yunnan-2017` scenario is compared against, so a
/// scenario file that drifts from the spec is caught even where no case looks.
enum ReferencePlan {
    static func rate(_ ppm: Int64) -> Rate { Rate(ppm: ppm) }
    static func levels(_ t: Int64, _ c: Int64, _ p: Int64, _ v: Int64) -> LevelValues<Rate> {
        LevelValues(township: rate(t), county: rate(c), prefecture: rate(p), provincial: rate(v))
    }
    static func yuan(_ t: Int, _ c: Int, _ p: Int, _ v: Int) -> LevelValues<Money> {
        LevelValues(township: .yuan(t), county: .yuan(c), prefecture: .yuan(p), provincial: .yuan(v))
    }

    /// Income line of year Y: rural per-capita disposable income of Y−1.
    static let incomeLine: [Int: Money] = [2017: .yuan(9_020), 2018: .yuan(9_862), 2019: .yuan(10_768), 2020: .yuan(11_902)]

    static let yunnan2017: SettlementPlan = {
        let admissions: Set<ClaimSetting> = [.inpatient, .majorDisease]
        let poorRatio = levels(950_000, 850_000, 700_000, 700_000)
        let poorDeductible = Deductible.perClaim(yuan(0, 300, 600, 1_000))
        let basic = Tier(
            id: "basic_insurance", name: "Basic medical insurance", payer: .insuranceFund,
            rules: [
                TierRule(id: "admission_compliant_out_of_county",
                         filter: ClaimFilter(settings: admissions, referralCompliant: true, inCounty: false),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: poorRatio, deductible: poorDeductible,
                                                           floor: rate(700_000), cap: "basic"))),
                TierRule(id: "admission_compliant",
                         filter: ClaimFilter(settings: admissions, referralCompliant: true),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: poorRatio, deductible: poorDeductible, cap: "basic"))),
                TierRule(id: "admission_resident",
                         filter: ClaimFilter(settings: admissions),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: levels(850_000, 700_000, 600_000, 500_000),
                                                           deductible: .perClaim(yuan(100, 300, 600, 1_000)), cap: "basic"))),
                TierRule(id: "chronic_ninety",
                         filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["ninety_percent"]),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(900_000)), cap: "basic"))),
                TierRule(id: "chronic",
                         filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["outpatient_28"]),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(800_000)), cap: "basic"))),
                TierRule(id: "general_outpatient",
                         filter: ClaimFilter(settings: [.generalOutpatient]),
                         formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(500_000)),
                                                           consultationFeeInFull: true, cap: "general_outpatient"))),
            ],
            annualCaps: ["basic": .yuan(150_000), "general_outpatient": .yuan(420)])
        let critical = Tier(
            id: "critical_illness", name: "Critical-illness insurance", payer: .criticalIllnessInsurer,
            rules: [
                TierRule(id: "major_ninety",
                         filter: ClaimFilter(settings: [.majorDisease], diseaseLists: ["ninety_percent"]),
                         formula: .topUp(TopUp(base: .totalCost, target: rate(900_000), cap: "critical"))),
                TierRule(id: "major",
                         filter: ClaimFilter(settings: [.majorDisease]),
                         formula: .topUp(TopUp(base: .totalCost, target: rate(850_000), cap: "critical"))),
                TierRule(id: "inpatient",
                         filter: ClaimFilter(settings: [.inpatient]),
                         formula: .coinsurance(Coinsurance(base: .policyRangeRemaining, ratio: LevelValues(uniform: rate(700_000)),
                                                           deductible: .annual("critical"), cap: "critical"))),
                TierRule(id: "chronic_25",
                         filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["critical_illness_25"]),
                         formula: .coinsurance(Coinsurance(base: .policyRangeRemaining, ratio: LevelValues(uniform: rate(700_000)),
                                                           deductible: .annual("critical"), cap: "critical"))),
            ],
            annualCaps: ["critical": .yuan(450_000)], annualDeductibles: ["critical": .yuan(5_000)])
        let assistance = Tier(
            id: "medical_assistance", name: "Medical assistance", payer: .civilAffairsAssistanceFund,
            rules: [TierRule(id: "compliant_admission", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                             formula: .topUp(TopUp(base: .policyRange, target: rate(900_000), cap: "assistance")))],
            annualCaps: ["assistance": .yuan(100_000)])
        let backstop = Tier(
            id: "backstop", name: "Backstop", payer: .countyGovernment,
            rules: [TierRule(id: "compliant_admission", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                             formula: .topUp(TopUp(base: .totalCost, target: rate(900_000))))],
            outOfPocketLimit: OutOfPocketLimit(
                filter: ClaimFilter(settings: [.inpatient, .majorDisease, .chronicOutpatient], referralCompliant: true),
                line: incomeLine))
        return SettlementPlan(tiers: [basic, critical, assistance, backstop])
    }()
}
