import Foundation
import Scenario
import Settlement

/// The Yunnan 2017 plan as shipped: `Scenarios/yunnan-2017.yaml` loaded from the
/// file, so these tests settle with what `fundsim settle` settles with (its
/// default scenario) and cannot drift from it. The hand-worked amounts in the
/// tests are POLICY.md section 8's arithmetic.
enum ShippedYunnanPlan {
    static let scenario: Scenario = {
        let path = Settle.packageRoot.appendingPathComponent("Scenarios/yunnan-2017.yaml").path
        do { return try ScenarioLoader.load(nameOrPath: path) } catch { fatalError("\(path): \(error)") }
    }()
    static var plan: SettlementPlan { scenario.plan }
}
