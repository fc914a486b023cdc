import CFuzzer
import Foundation
import ClaimsFile
import Scenario
import Settlement

/// The plans of every built-in scenario, loaded once.
let plans: [(SettlementPlan, Int)] = ScenarioLoader.builtInNames.map { name in
    let scenario = try! ScenarioLoader.load(nameOrPath: name)
    return (scenario.plan, scenario.years.lowerBound)
}

/// One input: any bytes as a claims file. The reader must refuse it cleanly or accept it; an accepted
/// file is settled against every built-in plan, with `--explain` traces and the CSV written back, and
/// every settled claim must keep the invariants: payments and out-of-pocket non-negative and adding up
/// to the total cost exactly. Any violation is a crash, which libFuzzer reports.
func fuzzClaims(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for (plan, firstYear) in plans {
        guard let file = try? ClaimsFile(name: "fuzz.csv", bytes: bytes, defaultYear: firstYear) else { continue }
        guard let settled = try? file.settle(with: plan, explain: true) else { continue }
        for (record, breakdown) in zip(file.records, settled.breakdowns) {
            let total = record.claim.totalCost
            var sum = breakdown.outOfPocket
            precondition(breakdown.outOfPocket.fen >= 0, "line \(record.line): negative out-of-pocket \(breakdown.outOfPocket)")
            for payment in breakdown.payments {
                precondition(payment.fen >= 0, "line \(record.line): negative payment \(payment)")
                sum += payment
            }
            precondition(sum == total, "line \(record.line): payments + out-of-pocket = \(sum), total cost \(total)")
        }
        _ = settled.csvBytes()
        _ = settled.explanation()
    }
    return 0
}

// libFuzzer's driver: parses libFuzzer's command line (corpus folders, -max_total_time, …) and calls
// the function above with each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzClaims(data, size) })
