import Synchronization
import Testing
@testable import Reporting

/// Collects what a reporter writes.
final class Captured: Sendable {
    private let texts = Mutex<[String]>([])
    var all: [String] { texts.withLock { $0 } }
    func append(_ text: String) { texts.withLock { $0.append(text) } }
}

@Suite struct ProgressReporterTests {
    @Test func lineFormatting() {
        #expect(ProgressReporter.line(label: "yunnan", completed: 4_000, total: 10_000, elapsedSeconds: 12.8, barWidth: 10)
                == "yunnan [####------]  40.0% 4000/10000 313/s ETA 0:20")
        #expect(ProgressReporter.line(label: "", completed: 0, total: 10, elapsedSeconds: 0, barWidth: 4)
                == "[----]   0.0% 0/10 0.0/s ETA --:--")
        #expect(ProgressReporter.line(label: "", completed: 10, total: 10, elapsedSeconds: 2, barWidth: 4)
                == "[####] 100.0% 10/10 5.0/s ETA 0:00")
        #expect(ProgressReporter.line(label: "", completed: 1, total: 10_000, elapsedSeconds: 1, barWidth: 4)
                == "[----]   0.0% 1/10000 1.0/s ETA 2:46:39")
    }

    @Test(arguments: [(false, false), (true, true), (false, true)])
    func silentUnlessTerminalAndNotQuiet(isTerminal: Bool, quiet: Bool) {
        let captured = Captured()
        let reporter = ProgressReporter(total: 10, quiet: quiet, isTerminal: isTerminal, output: captured.append)
        #expect(!reporter.isEnabled)
        reporter.advance(by: 10)
        reporter.finish()
        #expect(captured.all.isEmpty)
    }

    @Test func drawsThrottledAndClears() {
        let captured = Captured()
        let reporter = ProgressReporter(total: 100_000, label: "run", isTerminal: true, output: captured.append)
        for _ in 0..<99_999 { reporter.advance() }
        let drawn = captured.all.count
        // 99,999 calls: the first draws, later ones only every 100 ms.
        #expect(drawn >= 1 && drawn < 1_000)
        #expect(captured.all[0].hasPrefix("\rrun [") && captured.all[0].hasSuffix("\u{1B}[K"))
        reporter.advance()  // completion always redraws
        #expect(captured.all.count == drawn + 1)
        #expect(captured.all.last!.contains("100.0% 100000/100000"))
        reporter.finish()
        #expect(captured.all.last == "\r\u{1B}[K")
    }

    @Test func advanceIsThreadSafe() async {
        let reporter = ProgressReporter(total: 40_000, isTerminal: true, output: { _ in })
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { for _ in 0..<10_000 { reporter.advance() } }
            }
        }
        #expect(reporter.completed == 40_000)
    }
}
