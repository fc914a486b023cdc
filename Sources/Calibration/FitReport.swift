import Foundation
import Reporting

/// The fit report of `fundsim calibrate`: each ``FitStatistics`` statistic of the
/// extract beside its posterior predictive distribution over simulated draws of
/// the fitted county, with a central interval and whether the observation lies
/// inside it.
public struct FitReport: Sendable {
    /// One statistic's row.
    public struct Row: Sendable, Hashable {
        /// The statistic's id and unit.
        public var definition: FitStatistics.Definition
        /// The value in the extract.
        public var observed: Double
        /// The mean over draws (NaN draws left out).
        public var simulatedMean: Double
        /// The lower end of the simulated interval.
        public var lower: Double
        /// The upper end of the simulated interval.
        public var upper: Double
        /// Whether `lower ≤ observed ≤ upper`; `nil` when either side is undefined.
        public var inside: Bool? {
            guard !observed.isNaN, !lower.isNaN, !upper.isNaN else { return nil }
            return lower <= observed && observed <= upper
        }
    }

    /// The rows, in ``FitStatistics/definitions(tierIDs:)`` order.
    public let rows: [Row]
    /// The number of simulated draws.
    public let draws: Int
    /// The interval's coverage, e.g. 0.95 for the 2.5 % – 97.5 % quantiles.
    public let coverage: Double

    /// Builds the report from the observed statistics and those of each draw
    /// (``FitStatistics/compute(_:)``); the interval is the central `coverage`
    /// range of the draws (type 7 quantiles).
    public init(tierIDs: [String], observed: [Double], simulated: [[Double]], coverage: Double = 0.95) {
        precondition(coverage > 0 && coverage < 1)
        let definitions = FitStatistics.definitions(tierIDs: tierIDs)
        precondition(observed.count == definitions.count && simulated.allSatisfy { $0.count == definitions.count })
        var rows: [Row] = []
        for (i, definition) in definitions.enumerated() {
            let values = simulated.map { $0[i] }.filter { !$0.isNaN }.sorted()
            let mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
            let tail = (1 - coverage) / 2
            rows.append(Row(definition: definition, observed: observed[i], simulatedMean: mean,
                            lower: SampleQuantile.type7(sorted: values, tail), upper: SampleQuantile.type7(sorted: values, 1 - tail)))
        }
        self.rows = rows
        draws = simulated.count
        self.coverage = coverage
    }

    /// The row of a statistic.
    public func row(_ id: String) -> Row? { rows.first { $0.definition.id == id } }

    /// The CSV table (`calibration.csv`): `statistic, unit, observed, simulated_mean,
    /// simulated_lower, simulated_upper, inside, draws`; undefined values empty.
    public var csv: String {
        var text = "statistic,unit,observed,simulated_mean,simulated_lower,simulated_upper,inside,draws\n"
        for row in rows {
            let inside = row.inside.map { $0 ? "true" : "false" } ?? ""
            text += [row.definition.id, row.definition.unit, Self.number(row.observed), Self.number(row.simulatedMean),
                     Self.number(row.lower), Self.number(row.upper), inside, String(draws)].joined(separator: ",") + "\n"
        }
        return text
    }

    /// A short text summary: how many statistics lie inside, and the ones outside.
    public var summary: String {
        let judged = rows.filter { $0.inside != nil }
        let outside = judged.filter { $0.inside == false }
        var text = "fit report: \(judged.count - outside.count) of \(judged.count) statistics inside the simulated "
            + "\(Self.number(coverage * 100))% interval (\(draws) draws)\n"
        for row in outside {
            text += "  outside: \(row.definition.id) observed \(Self.number(row.observed)), simulated "
                + "\(Self.number(row.lower)) – \(Self.number(row.upper)) (\(row.definition.unit))\n"
        }
        return text
    }

    /// Six significant digits, or empty for NaN.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var text = String(format: "%.6g", x)
        if text.contains("e") { text = String(x) }
        return text
    }
}
