import Settlement

/// The Yunnan 2017 settlement plan of POLICY.md section 8, written out in Swift
/// so that these tests check the claims file against the digest's numbers and
/// do not depend on the scenario loader.
enum YunnanPlanFixture {
    static let plan: SettlementPlan = {
        func yuan(_ value: Int) -> Money { Money(yuan: value) }
        func rate(_ ppm: Int64) -> Rate { Rate(ppm: ppm) }
        let admissions: Set<ClaimSetting> = [.inpatient, .majorDisease]
        let poorRatio = LevelValues(township: rate(950_000), county: rate(850_000), prefecture: rate(700_000), provincial: rate(700_000))
        let poorDeductible = LevelValues(township: yuan(0), county: yuan(300), prefecture: yuan(600), provincial: yuan(1_000))
        let residentRatio = LevelValues(township: rate(850_000), county: rate(700_000), prefecture: rate(600_000), provincial: rate(500_000))
        let residentDeductible = LevelValues(township: yuan(100), county: yuan(300), prefecture: yuan(600), provincial: yuan(1_000))
        let basic = Tier(id: "basic_insurance", name: "Basic medical insurance (基本医保)", payer: .insuranceFund, rules: [
            TierRule(id: "admission_compliant_in_county", filter: ClaimFilter(settings: admissions, referralCompliant: true, inCounty: true),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: poorRatio, deductible: .perClaim(poorDeductible), cap: "basic"))),
            TierRule(id: "admission_compliant_out_of_county", filter: ClaimFilter(settings: admissions, referralCompliant: true, inCounty: false),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: poorRatio, deductible: .perClaim(poorDeductible), floor: rate(700_000), cap: "basic"))),
            TierRule(id: "admission_non_compliant", filter: ClaimFilter(settings: admissions),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: residentRatio, deductible: .perClaim(residentDeductible), cap: "basic"))),
            TierRule(id: "chronic_ninety", filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["ninety_percent"]),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(900_000)), cap: "basic"))),
            TierRule(id: "chronic", filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["outpatient_28"]),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(800_000)), cap: "basic"))),
            TierRule(id: "general_outpatient", filter: ClaimFilter(settings: [.generalOutpatient]),
                     formula: .coinsurance(Coinsurance(base: .policyRange, ratio: LevelValues(uniform: rate(500_000)), consultationFeeInFull: true, cap: "general_outpatient"))),
        ], annualCaps: ["basic": yuan(150_000), "general_outpatient": yuan(420)])
        let critical = Tier(id: "critical_illness", name: "Critical-illness insurance (大病保险)", payer: .criticalIllnessInsurer, rules: [
            TierRule(id: "major_disease_ninety", filter: ClaimFilter(settings: [.majorDisease], diseaseLists: ["ninety_percent"]),
                     formula: .topUp(TopUp(base: .totalCost, target: rate(900_000), cap: "critical_illness"))),
            TierRule(id: "major_disease", filter: ClaimFilter(settings: [.majorDisease]),
                     formula: .topUp(TopUp(base: .totalCost, target: rate(850_000), cap: "critical_illness"))),
            TierRule(id: "inpatient", filter: ClaimFilter(settings: [.inpatient]),
                     formula: .coinsurance(Coinsurance(base: .policyRangeRemaining, ratio: LevelValues(uniform: rate(700_000)), deductible: .annual("critical_illness"), cap: "critical_illness"))),
            TierRule(id: "chronic_25", filter: ClaimFilter(settings: [.chronicOutpatient], diseaseLists: ["critical_illness_25"]),
                     formula: .coinsurance(Coinsurance(base: .policyRangeRemaining, ratio: LevelValues(uniform: rate(700_000)), deductible: .annual("critical_illness"), cap: "critical_illness"))),
        ], annualCaps: ["critical_illness": yuan(450_000)], annualDeductibles: ["critical_illness": yuan(5_000)])
        let assistance = Tier(id: "medical_assistance", name: "Medical assistance (医疗救助)", payer: .civilAffairsAssistanceFund, rules: [
            TierRule(id: "compliant_admission", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                     formula: .topUp(TopUp(base: .policyRange, target: rate(900_000), cap: "medical_assistance"))),
        ], annualCaps: ["medical_assistance": yuan(100_000)])
        let backstop = Tier(id: "backstop", name: "Backstop (兜底保障)", payer: .countyGovernment, rules: [
            TierRule(id: "compliant_admission", filter: ClaimFilter(settings: admissions, referralCompliant: true),
                     formula: .topUp(TopUp(base: .totalCost, target: rate(900_000)))),
        ], outOfPocketLimit: OutOfPocketLimit(
            filter: ClaimFilter(settings: [.inpatient, .majorDisease, .chronicOutpatient], referralCompliant: true),
            line: [2017: yuan(9_020), 2018: yuan(9_862), 2019: yuan(10_768), 2020: yuan(11_902)]))
        return SettlementPlan(tiers: [basic, critical, assistance, backstop])
    }()
}
