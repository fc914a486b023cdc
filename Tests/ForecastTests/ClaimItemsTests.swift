import SimulationTestSupport
import Testing
@testable import Forecast
@testable import Simulation
import Settlement

/// The claim-by-claim items of the ledger (admissions by level, cost and
/// out-of-pocket by setting) and the medical-assistance gap obey their
/// accounting identities in every county row, and indicators.csv reports the
/// scenario's targets.
@Suite("Claim items and indicator targets")
struct ClaimItemsTests {
    @Test("settings add up to total_cost and out_of_pocket, levels to admissions, assistance gap = spending − 10 yuan × people, in every county row")
    func identitiesPerCountyRow() throws {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 9, draws: 2, threads: 1, years: [2017, 2018]),
                                          catastrophicShare: 0.4)
        let layout = runner.layout
        func i(_ name: String) -> Int { layout.index(named: name) }
        let settings = ClaimSetting.allCases.map(\.fileName)
        let levels = FacilityLevel.allCases.map(\.fileName)
        var admissionsSeen = 0.0
        for draw in 0..<2 {
            let values = runner.simulate(draw: draw).values
            for row in stride(from: 0, to: values.count, by: layout.count) {
                func v(_ name: String) -> Double { values[row + i(name)] }
                let cost = settings.map { v("total_cost_\($0)") }.reduce(0, +)
                let oop = settings.map { v("out_of_pocket_\($0)") }.reduce(0, +)
                #expect(abs(cost - v("total_cost")) < 0.005, "total cost by setting \(cost) vs \(v("total_cost"))")
                #expect(abs(oop - v("out_of_pocket")) < 0.005, "out-of-pocket by setting \(oop) vs \(v("out_of_pocket"))")
                #expect(levels.map { v("admissions_\($0)") }.reduce(0, +) == v("admissions"))
                #expect(v("admissions") <= v("claims"))
                #expect(v("total_cost_inpatient") > 0 && v("total_cost_general_outpatient") > 0)
                #expect(abs(v("medical_assistance_spending") - v("medical_assistance")) < 0.005)
                #expect(abs(v("medical_assistance_gap") - (v("medical_assistance") - 10 * v("registered_poor"))) < 0.005)
                admissionsSeen += v("admissions")
            }
        }
        #expect(admissionsSeen > 0)
    }

    @Test("indicators.csv: numeric target and comparator from the scenario's targets, catastrophic label from its share")
    func indicatorTargets() throws {
        let targets = [IndicatorTarget(indicator: .compliantInpatientActualRatio, target: 0.9, comparator: .atLeast, unit: "ratio", source: "t")]
        let model = { () -> SimulationModel in var m = TinyModel.full(); m.indicatorTargets = targets; return m }()
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 9, draws: 2, threads: 1, years: [2017]),
                                          catastrophicShare: 0.25)
        let a = try aggregate(runner)
        let text = a.indicatorTable(IndicatorSpec.specs(targets: runner.model.indicatorTargets, catastrophicShare: runner.catastrophicShare)).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("year,region_level,region_id,region_name,region_name_zh,prefecture_id,indicator,target,comparator,unit,mean"))
        let compliant = try #require(lines.first { $0.contains(",compliant_inpatient_actual_ratio,") })
        #expect(compliant.contains(",compliant_inpatient_actual_ratio,0.900000,>=,"))
        let inCounty = try #require(lines.first { $0.contains(",in_county_inpatient_actual_ratio,") })
        #expect(inCounty.contains(",in_county_inpatient_actual_ratio,,,"), "no target in the scenario: empty target and comparator")
        let catastrophic = try #require(lines.first { $0.contains(",share_catastrophic,") })
        #expect(catastrophic.contains("25.00% of the income line"))
        #expect(!text.contains("40%"))
        // The threshold item is that share of the income line.
        let threshold = try #require(runner.catastrophicThresholds[0])
        let line = try #require(runner.engines[0].incomeLine)
        #expect(abs(threshold - Double(line.fen) / 100 * 0.25) < 0.006)
        let item = a.items.names.firstIndex(of: "catastrophic_threshold")!
        #expect(a.summary(year: 0, region: 0, item: item).mean == threshold)
    }
}

@Suite("Items found by type, not by name")
struct TypedItemTests {
    /// A tier whose id is the name of a derived indicator (only possible through the API: the scenario
    /// loader refuses it) must not be read as the indicator: indicators.csv is the same as with the tier's own id.
    @Test("a tier named share_catastrophic leaves indicators.csv and county_liability.csv unchanged")
    func tierNamedLikeAnIndicator() throws {
        func tables(_ plan: SettlementPlan) throws -> String {
            let runner = try MonteCarloRunner(plan: plan, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: 3, draws: 3, threads: 1, years: [2017]),
                                              catastrophicShare: 0.4)
            let a = try aggregate(runner)
            return a.indicatorTable(IndicatorSpec.specs(targets: [], catastrophicShare: 0.4)).text + a.countyLiabilityTable().text
        }
        var renamed = TinyPlans.yunnanLike
        renamed.tiers[0].id = DerivedIndicator.shareCatastrophic.name
        let expected = try tables(TinyPlans.yunnanLike)
        #expect(expected.contains(",share_catastrophic,"))
        #expect(try tables(renamed) == expected)
    }

    @Test("the county backstop is the tiers paid by the county government, whatever their ids")
    func backstopFollowsThePayer() throws {
        func liability(_ plan: SettlementPlan) throws -> [Double] {
            let runner = try MonteCarloRunner(plan: plan, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: 3, draws: 1, threads: 1, years: [2017]))
            let values = runner.simulate(draw: 0).values
            return [values[runner.layout.index(.countyBackstopSpending)], values[runner.layout.index(.countyBackstopLiability)]]
        }
        var renamed = TinyPlans.yunnanLike
        renamed.tiers[3].id = "county_top_up"
        let expected = try liability(TinyPlans.yunnanLike)
        #expect(expected[0] > 0)
        #expect(try liability(renamed) == expected)
        var notCounty = TinyPlans.yunnanLike
        notCounty.tiers[3].payer = .healthPovertySpecialFund
        #expect(try liability(notCounty)[0] == 0)
    }
}
