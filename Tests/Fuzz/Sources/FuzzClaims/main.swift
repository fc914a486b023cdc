import CFuzzer
import ClaimsFile
import ClaimsFileReference
import Foundation
import Scenario
import Settlement

/// A settler for every built-in scenario, made once.
let settlers: [ClaimsFileSettler] = ScenarioLoader.builtInNames.map { name in
    let scenario = try! ScenarioLoader.load(nameOrPath: name)
    return try! ClaimsFileSettler(plan: scenario.plan, years: scenario.years)
}

/// Collects what the settler writes.
final class Collector: ByteSink {
    var bytes: [UInt8] = []
    func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}

/// One input: any bytes as a claims file, settled against every built-in scenario (with `--explain`
/// text, read in small blocks and chunks so that records straddle block boundaries). The settler must
/// refuse it with a ``ClaimsFileError`` or settle it; a settled file is read back and every claim must
/// keep the invariants: payments and out-of-pocket non-negative and adding up to its total cost exactly.
/// Any violation is a crash, which libFuzzer reports with the input.
func fuzzClaims(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for settler in settlers {
        let csv = Collector(), explanation = Collector()
        do {
            try settler.settle(name: "fuzz.csv", from: MemorySource(bytes, chunk: 61), csv: csv, explanation: explanation,
                               options: ClaimsFileSettler.Options(blockSize: 256, threads: 1))
        } catch is ClaimsFileError {
            continue
        } catch {
            preconditionFailure("not a ClaimsFileError: \(error)")
        }
        checkInvariants(csv.bytes, outputColumns: settler.outputColumns.count)
    }
    return 0
}

/// Reads the settled CSV back: per row, the last `outputColumns` fields (each tier, then out-of-pocket)
/// are non-negative amounts that add up to the row's `total_cost`.
func checkInvariants(_ settled: [UInt8], outputColumns: Int) {
    var reader = ReferenceCSVReader(bytes: settled)
    guard let header = try! reader.next() else { preconditionFailure("settled output without a header") }
    guard let total = header.fields.firstIndex(of: "total_cost") else { preconditionFailure("settled output without total_cost") }
    while let record = try! reader.next() {
        let fields = record.fields
        precondition(fields.count == header.fields.count, "line \(record.line): \(fields.count) fields, header has \(header.fields.count)")
        guard let cost = Money(yuanString: fields[total]) else { preconditionFailure("line \(record.line): total_cost \(fields[total])") }
        var sum = Money(fen: 0)
        for text in fields.suffix(outputColumns) {
            guard let amount = Money(yuanString: text) else { preconditionFailure("line \(record.line): amount \(text)") }
            precondition(amount.fen >= 0, "line \(record.line): negative amount \(text)")
            sum += amount
        }
        precondition(sum == cost, "line \(record.line): payments + out-of-pocket = \(sum), total cost \(cost)")
    }
}

// libFuzzer's driver: parses libFuzzer's command line (corpus folders, -max_total_time, …) and calls
// the function above with each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzClaims(data, size) })
