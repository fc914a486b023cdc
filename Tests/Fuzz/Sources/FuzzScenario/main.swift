import CFuzzer
import Foundation
import Scenario

/// One input: any bytes as a scenario file. The loader must refuse it with a `ScenarioError` or load it;
/// a loaded scenario's summary is rendered too. A crash, a sanitizer report or an input that takes longer
/// than libFuzzer's `-timeout` is a finding.
func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    // As `ScenarioLoader.load(nameOrPath:)` reads a file: only valid UTF-8 reaches the YAML parser.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    if let scenario = try? ScenarioLoader.load(yaml: text, sourceName: "fuzz.yaml") {
        _ = scenario.summaryLines()
    }
    return 0
}

// libFuzzer's driver: parses libFuzzer's command line (corpus folders, -max_total_time, …) and calls
// the function above with each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzScenario(data, size) })
