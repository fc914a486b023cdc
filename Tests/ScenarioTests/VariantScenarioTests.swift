import Simulation
import Testing
import Settlement
@testable import Scenario

/// The variant scenarios carry their seeds' differences from Yunnan and settle as their documents say.
@Suite struct VariantScenarioTests {
    @Test func prefectureRatiosAndSplit() throws {
        let s = try ScenarioLoader.load(nameOrPath: "prefecture-2018")
        let basic = try #require(s.tier("basic_insurance"))
        guard case .coinsurance(let c) = try #require(basic.rules.first { $0.id == "inpatient_compliant" }).formula else {
            Issue.record("inpatient_compliant is not coinsurance"); return
        }
        #expect(c.ratio == LevelValues(township: Rate(exactly: 0.95)!, county: Rate(exactly: 0.90)!,
                                       prefecture: Rate(exactly: 0.80)!, provincial: Rate(exactly: 0.65)!))
        #expect(s.fiscal.prefectureShareOfRest == Rate(exactly: 0.2))
        // 12 yuan for an exited person: province 40% = 4.80; the rest 7.20 split 2:8.
        #expect(s.fiscal.governmentSplit(of: Money(yuan: 12), status: .exitedPoverty)
                == GovernmentShares(province: Money(fen: 480), prefecture: Money(fen: 144), county: Money(fen: 576)))
        #expect(s.parameter("tiers[backstop].out_of_pocket_limit.line")?.isAssumed == true)
    }

    /// A 14-disease admission in Xinbin leaves the patient nothing to pay; the hospital absorbs the non-policy part.
    @Test func xinbinMajorDiseasePatientPaysNothing() throws {
        let s = try ScenarioLoader.load(nameOrPath: "xinbin-2018")
        #expect(s.plan.tiers.map(\.id) == ["fee_reduction", "ncms_basic", "critical_illness", "medical_assistance",
                                           "ncms_secondary", "special_fund", "designated_hospital"])
        let engine = try SettlementEngine(plan: s.plan, year: 2018)
        var state = engine.newPersonYear()
        let claim = Claim(setting: .inpatient, level: .prefecture, inCounty: false, referralCompliant: false,
                          disease: engine.catalog.diseaseIndex(of: "gastric_cancer"),
                          totalCost: Money(yuan: 60_000), policyRangeCost: Money(yuan: 45_000),
                          povertyStatus: .exitedPoverty)
        let b = engine.settle(claim, state: &state)
        #expect(b.outOfPocket == .zero)
        #expect(b.total == Money(yuan: 60_000))
        #expect(b.payments[0] == .zero, "no fee reduction outside the county")
        #expect(b.payments[6] >= Money(yuan: 15_000), "the hospital absorbs at least the non-policy-range cost")
    }

    /// Chronic drugs for the 4 chronic diseases are free up to 1,000 a year, after NCMS.
    @Test func xinbinChronicDrugsCappedAt1000() throws {
        let s = try ScenarioLoader.load(nameOrPath: "xinbin-2018")
        let engine = try SettlementEngine(plan: s.plan, year: 2019)
        var state = engine.newPersonYear()
        let claim = Claim(setting: .chronicOutpatient, level: .provincial, inCounty: false, referralCompliant: true,
                          disease: engine.catalog.diseaseIndex(of: "diabetes"),
                          totalCost: Money(yuan: 3_000), policyRangeCost: Money(yuan: 3_000))
        let first = engine.settle(claim, state: &state)
        #expect(first.payments[1] == Money(yuan: 1_500))
        #expect(first.payments[5] == Money(yuan: 1_000))
        let second = engine.settle(claim, state: &state)
        #expect(second.payments[5] == .zero)
        #expect(s.fiscal.perPersonPayments.map(\.amount) == [Money(yuan: 8), Money(yuan: 150)])
    }

    /// Qujiang's supplementary insurance is for the registered poor only; secondary assistance pays a share of total cost.
    @Test func qujiangEligibilityByWelfareCategory() throws {
        let s = try ScenarioLoader.load(nameOrPath: "qujiang-2018")
        let engine = try SettlementEngine(plan: s.plan, year: 2018)
        func settle(_ category: WelfareCategory) -> ClaimBreakdown {
            var state = engine.newPersonYear()
            return engine.settle(Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true,
                                       totalCost: Money(yuan: 20_000), policyRangeCost: Money(yuan: 16_000),
                                       welfareCategory: category), state: &state)
        }
        let poor = settle(.registeredPoor)
        let allowance = settle(.minimumLivingAllowance)
        #expect(poor.payments[3] > .zero)
        #expect(allowance.payments[3] == .zero)
        #expect(allowance.payments[2] == poor.payments[2])
        #expect(poor.payments[4] > .zero)
    }
}
