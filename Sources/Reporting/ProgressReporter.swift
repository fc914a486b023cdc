#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A one-line progress bar on standard error, for long Monte Carlo runs.
///
/// Why: a run of thousands of draws takes minutes; the user wants to see it
/// move and when it will end, but logs, pipes and `--quiet` must stay clean.
/// So it draws only when standard error is a terminal and not `quiet`; it
/// redraws at most every `minimumInterval` (10 times a second) however often
/// workers call `advance(by:)`, which is safe from any thread (a mutex; a
/// disabled reporter returns before taking it). `finish()` clears the line.
public final class ProgressReporter: Sendable {
    /// Shortest time between two redraws.
    public static let minimumInterval: Duration = .milliseconds(100)

    /// Units of work in the whole run (e.g. draws).
    public let total: Int
    /// Text before the bar (e.g. the scenario name); may be empty.
    public let label: String
    /// Whether anything is drawn: a terminal and not quiet.
    public let isEnabled: Bool

    private let output: @Sendable (String) -> Void
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    private struct State {
        var completed = 0
        var lastDraw: ContinuousClock.Instant?
    }

    /// Creates a reporter for `total` units. `isTerminal` defaults to whether
    /// file descriptor 2 is a TTY; `output` defaults to writing to standard
    /// error (both injectable for tests).
    public init(total: Int, label: String = "", quiet: Bool = false,
                isTerminal: Bool = isatty(2) == 1,
                output: @escaping @Sendable (String) -> Void = ProgressReporter.writeToStandardError) {
        self.total = total
        self.label = label
        self.isEnabled = isTerminal && !quiet
        self.output = output
    }

    /// Units completed so far (counted only while enabled).
    public var completed: Int { state.withLock { $0.completed } }

    /// Records `count` more completed units and redraws if the last redraw is
    /// older than `minimumInterval` or the run is complete. Thread-safe.
    public func advance(by count: Int = 1) {
        guard isEnabled else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            state.completed += count
            if let last = state.lastDraw, now - last < Self.minimumInterval, state.completed < total { return }
            state.lastDraw = now
            let elapsed = now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            output("\r" + Self.line(label: label, completed: state.completed, total: total, elapsedSeconds: seconds) + "\u{1B}[K")
        }
    }

    /// Clears the progress line (if anything was drawn), leaving the cursor
    /// at the start of an empty line for what the program prints next.
    public func finish() {
        guard isEnabled else { return }
        state.withLock { state in
            if state.lastDraw != nil { output("\r\u{1B}[K") }
            state.lastDraw = nil
        }
    }

    /// The progress line without control characters, e.g.
    /// `yunnan [############------------------]  40.0% 4000/10000 313/s ETA 0:20`:
    /// bar of `barWidth` cells, percent with one decimal, count, rate per
    /// second (one decimal below 100/s), and remaining time `m:ss` or
    /// `h:mm:ss` (`--:--` before any rate is known). Pure, for tests.
    public static func line(label: String, completed: Int, total: Int, elapsedSeconds: Double,
                            barWidth: Int = 30) -> String {
        let fraction = total > 0 ? Swift.min(1, Swift.max(0, Double(completed) / Double(total))) : 1
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
        let percent = NumberText.fixed(fraction * 100, decimals: 1)
        let rate = elapsedSeconds > 0 ? Double(completed) / elapsedSeconds : 0
        let rateText = NumberText.fixed(rate, decimals: rate < 100 ? 1 : 0)
        let eta = rate > 0 ? clock(Double(Swift.max(0, total - completed)) / rate) : "--:--"
        let padded = String(repeating: " ", count: Swift.max(0, 5 - percent.count)) + percent
        return (label.isEmpty ? "" : label + " ") + "\(bar) \(padded)% \(completed)/\(total) \(rateText)/s ETA \(eta)"
    }

    /// Writes `text` to file descriptor 2 unbuffered.
    public static func writeToStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from one hour, rounded up.
    private static func clock(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? Int(Swift.min(seconds.rounded(.up), 359_999_999)) : 359_999_999
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
