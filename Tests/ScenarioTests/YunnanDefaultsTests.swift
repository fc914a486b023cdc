import Simulation
import Testing
import PolicyCatalog
import Settlement
@testable import Scenario

/// The built-in Yunnan scenario carries exactly the parameters of POLICY.md section 8.
@Suite struct YunnanDefaultsTests {
    let scenario: Scenario

    init() throws { scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017") }

    func rule(_ tier: String, _ id: String) throws -> TierRule {
        let t = try #require(scenario.tier(tier))
        return try #require(t.rules.first { $0.id == id })
    }

    func coinsurance(_ tier: String, _ id: String) throws -> Coinsurance {
        guard case .coinsurance(let c) = try rule(tier, id).formula else { throw Failure("\(tier).\(id) is not coinsurance") }
        return c
    }

    func topUp(_ tier: String, _ id: String) throws -> TopUp {
        guard case .topUp(let t) = try rule(tier, id).formula else { throw Failure("\(tier).\(id) is not a top-up") }
        return t
    }

    struct Failure: Error { let text: String; init(_ text: String) { self.text = text } }

    func rates(_ t: Double, _ c: Double, _ p: Double, _ v: Double) -> LevelValues<Rate> {
        LevelValues(township: Rate(exactly: t)!, county: Rate(exactly: c)!, prefecture: Rate(exactly: p)!, provincial: Rate(exactly: v)!)
    }

    func yuan(_ t: Int, _ c: Int, _ p: Int, _ v: Int) -> LevelValues<Money> {
        LevelValues(township: Money(yuan: t), county: Money(yuan: c), prefecture: Money(yuan: p), provincial: Money(yuan: v))
    }

    @Test func headerAndTierOrder() {
        #expect(scenario.years == 2017...2020)
        #expect(scenario.plan.tiers.map(\.id) == ["basic_insurance", "critical_illness", "medical_assistance", "backstop"])
    }

    @Test func basicInpatient() throws {
        let compliant = try coinsurance("basic_insurance", "inpatient_compliant")
        #expect(compliant.ratio == rates(0.95, 0.85, 0.70, 0.70))
        #expect(compliant.deductible == .perClaim(yuan(0, 300, 600, 1000)))
        #expect(compliant.cap == "basic")
        let outOfCounty = try coinsurance("basic_insurance", "inpatient_compliant_out_of_county")
        #expect(outOfCounty.floor == Rate(exactly: 0.70))
        #expect(try rule("basic_insurance", "inpatient_compliant_out_of_county").filter.inCounty == false)
        let resident = try coinsurance("basic_insurance", "inpatient_resident")
        #expect(resident.ratio == rates(0.85, 0.70, 0.60, 0.50))
        #expect(resident.deductible == .perClaim(yuan(100, 300, 600, 1000)))
    }

    @Test func basicOutpatientAndCaps() throws {
        let basic = try #require(scenario.tier("basic_insurance"))
        #expect(basic.annualCaps == ["basic": Money(yuan: 150_000), "general_outpatient": Money(yuan: 420)])
        #expect(try coinsurance("basic_insurance", "chronic_outpatient").ratio == LevelValues(uniform: Rate(exactly: 0.80)!))
        #expect(try coinsurance("basic_insurance", "chronic_outpatient_ninety").ratio == LevelValues(uniform: Rate(exactly: 0.90)!))
        #expect(try coinsurance("basic_insurance", "chronic_outpatient").cap == "basic")
        let general = try coinsurance("basic_insurance", "general_outpatient")
        #expect(general.consultationFeeInFull)
        #expect(general.ratio == LevelValues(uniform: Rate(exactly: 0.50)!))
        #expect(general.cap == "general_outpatient")
    }

    @Test func criticalIllness() throws {
        let tier = try #require(scenario.tier("critical_illness"))
        #expect(tier.annualCaps == ["critical_illness": Money(yuan: 450_000)])
        #expect(tier.annualDeductibles == ["critical_illness": Money(yuan: 5_000)])
        let inpatient = try coinsurance("critical_illness", "inpatient")
        #expect(inpatient.base == .policyRangeRemaining)
        #expect(inpatient.deductible == .annual("critical_illness"))
        #expect(inpatient.ratio == LevelValues(uniform: Rate(exactly: 0.70)!))
        #expect(try rule("critical_illness", "chronic_outpatient_25").filter.diseaseLists == ["critical_illness_25"])
        #expect(try topUp("critical_illness", "major_disease") == TopUp(base: .totalCost, target: Rate(exactly: 0.85)!, cap: "critical_illness"))
        #expect(try topUp("critical_illness", "major_disease_ninety").target == Rate(exactly: 0.90))
    }

    @Test func assistanceAndBackstop() throws {
        #expect(scenario.tier("medical_assistance")?.annualCaps == ["assistance": Money(yuan: 100_000)])
        #expect(try topUp("medical_assistance", "compliant_inpatient") == TopUp(base: .policyRange, target: Rate(exactly: 0.90)!, cap: "assistance"))
        #expect(try rule("medical_assistance", "compliant_inpatient").filter.referralCompliant == true)
        #expect(try topUp("backstop", "compliant_inpatient") == TopUp(base: .totalCost, target: Rate(exactly: 0.90)!))
        let limit = try #require(scenario.tier("backstop")?.outOfPocketLimit)
        #expect(limit.line == [2017: Money(yuan: 9020), 2018: Money(yuan: 9862), 2019: Money(yuan: 10768), 2020: Money(yuan: 11902)])
        #expect(limit.filter.settings == [.inpatient, .majorDisease, .chronicOutpatient])
        #expect(limit.filter.referralCompliant == true)
    }

    @Test func fiscal() {
        let f = scenario.fiscal
        #expect(f.provincialSubsidies == [.medicalAssistance: Money(yuan: 10), .backstop: Money(yuan: 60)])
        #expect(f.individualPremium == [2017: Money(yuan: 180), 2018: Money(yuan: 220), 2019: Money(yuan: 250), 2020: Money(yuan: 280)])
        #expect(f.familyDoctor == FamilyDoctorFee(fee: Money(yuan: 36), publicHealth: Money(yuan: 12), insuranceFund: Money(yuan: 12), individual: Money(yuan: 12)))
        #expect(f.provinceShare == PovertyStatusShares(inPoverty: Rate(exactly: 0.6)!, exitedPoverty: Rate(exactly: 0.4)!))
        #expect(f.prefectureShareOfRest == .one)
        // 180 yuan for a person in poverty: province 6 parts, prefecture 4, county nothing.
        #expect(f.governmentSplit(of: Money(yuan: 180), status: .inPoverty)
                == GovernmentShares(province: Money(yuan: 108), prefecture: Money(yuan: 72), county: .zero))
        #expect(f.governmentSplit(of: Money(yuan: 12), status: .exitedPoverty)
                == GovernmentShares(province: Money(fen: 480), prefecture: Money(fen: 720), county: .zero))
    }

    /// Settles one claim through the loaded plan: a compliant county admission
    /// of 10,000 (policy range 8,000) pays basic 0.85 × (8000 − 300) = 6545, critical
    /// illness 0.70 × (1455 − 1455 of the 5000 deductible) = 0, assistance
    /// 0.90 × 8000 − 6545 = 655, backstop 0.90 × 10000 − 7200 = 1800; out-of-pocket 1000.
    @Test func aSettledClaimFollowsSection8() throws {
        let engine = try SettlementEngine(plan: scenario.plan, year: 2017)
        var state = engine.newPersonYear()
        let claim = Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true,
                          totalCost: Money(yuan: 10_000), policyRangeCost: Money(yuan: 8_000))
        let breakdown = engine.settle(claim, state: &state)
        #expect(breakdown.payments == [Money(yuan: 6545), .zero, Money(yuan: 655), Money(yuan: 1800)])
        #expect(breakdown.outOfPocket == Money(yuan: 1000))
    }

    @Test func parametersCarrySources() throws {
        let ratio = try #require(scenario.parameter("tiers[basic_insurance].rules[inpatient_compliant].coinsurance.ratio"))
        #expect(ratio.unit == .ratio)
        #expect(ratio.source.contains("seed 000 measure 2"))
        #expect(ratio.value == "township 0.95 / county 0.85 / prefecture 0.7 / provincial 0.7")
        let cap = try #require(scenario.parameter("tiers[basic_insurance].annual_caps.basic"))
        #expect(cap.isAssumed && cap.value == "150000" && cap.unit == .yuan)
    }

    @Test func summaryNamesEveryTierAndRule() {
        let text = scenario.summaryLines().joined(separator: "\n")
        for tier in scenario.plan.tiers {
            #expect(text.contains("\(tier.id) [payer \(tier.payer.id)]"))
            for rule in tier.rules { #expect(text.contains("- \(rule.id):")) }
        }
        #expect(text.contains("0.95/0.85/0.7/0.7 × (policy_range − deductible 0/300/600/1000) floor 0.7 cap basic"))
        #expect(text.contains("annual line 2017 9020, 2018 9862, 2019 10768, 2020 11902"))
    }
}
