import SimulationTestSupport
import Testing
@testable import Simulation
import Settlement

/// "Sample once, settle many": one pass over the people settling every claim
/// under several plans must give each plan exactly the numbers of a run of that
/// plan alone (sampling never looks at settlement results).
@Suite("Shared sampling across settlement variants")
struct SharedSettlementTests {
    /// Three variants that differ in tiers, fiscal rules and the catastrophic share.
    static let variants: [SettlementVariant] = {
        var richer = TinyModel.fiscal
        richer.provincialSubsidies[.backstop] = Money(yuan: 90)
        richer.perPersonPayments = []
        return [
            SettlementVariant(plan: TinyPlans.yunnanLike, fiscal: TinyModel.fiscal, catastrophicShare: 0.4),
            SettlementVariant(plan: TinyPlans.linear(0.6), fiscal: richer, catastrophicShare: 0.4),
            SettlementVariant(plan: TinyPlans.yunnanLike, fiscal: richer, catastrophicShare: 0.1),
        ]
    }()

    @Test("each variant's draw equals the draw of a runner of that variant alone, value for value, with parameter uncertainty")
    func sharedEqualsAlone() throws {
        let model = TinyModel.full()
        let configuration = RunConfiguration(seed: 9, draws: 3, threads: 2, years: [2017, 2018])
        let shared = try MonteCarloRunner(variants: Self.variants, model: model, configuration: configuration)
        var seen: [[DrawResult]] = []
        try shared.runVariants { seen.append($0) }
        #expect(seen.count == 3 && seen.allSatisfy { $0.count == Self.variants.count })
        for (k, variant) in Self.variants.enumerated() {
            let alone = try MonteCarloRunner(plan: variant.plan, model: model, fiscal: variant.fiscal, configuration: configuration,
                                             catastrophicShare: variant.catastrophicShare)
            #expect(shared.layouts[k] == alone.layout)
            for draw in 0..<3 {
                let a = alone.simulate(draw: draw)
                #expect(seen[draw][k].values == a.values, "variant \(k) draw \(draw)")
                #expect(seen[draw][k].cells == a.cells)
                #expect(seen[draw][k].parameters == a.parameters)
            }
        }
        // The variants do differ (the test is not comparing a plan with itself), and per-person
        // bookings are per plan: a lower catastrophic share counts more people.
        let catastrophic = shared.layouts[0].index(named: "people_catastrophic")
        #expect(seen[0][0].values != seen[0][1].values)
        #expect(seen[0][2].values[catastrophic] > seen[0][0].values[catastrophic])
    }

    @Test("the drawn parameter values travel with each draw: the uncertain ones differ between draws")
    func drawnParameters() throws {
        let model = TinyModel.full()
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: model, fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 4, draws: 2, threads: 1, years: [2017]))
        let a = runner.simulate(draw: 0).parameters, b = runner.simulate(draw: 1).parameters
        #expect(a == model.parameters.draw(seed: 4, draw: 0).values)
        let uncertain = model.parameters.entries.indices.filter { model.parameters.entries[$0].distribution != nil }
        #expect(!uncertain.isEmpty)
        for i in uncertain { #expect(a[i] != b[i]) }
    }
}
