import ClaimsFile
import PolicyCatalog
import Reporting
import Settlement

/// A claims file settled against a plan: one breakdown per row and, when asked
/// for, the engine's trace of every row (for `--explain`).
public struct ReferenceSettledClaims: Sendable {
    /// The file that was settled.
    public var file: ReferenceClaimsFile
    /// The plan it was settled against.
    public var plan: SettlementPlan
    /// One breakdown per record, in file order.
    public var breakdowns: [ClaimBreakdown]
    /// One trace per record when settled with `explain: true`, else empty.
    public var traces: [[TraceEvent]]

    /// The output columns: every input column in input order, one per tier (its id), then `out_of_pocket`.
    public var outputHeader: [String] { file.header + plan.tiers.map(\.id) + ["out_of_pocket"] }

    /// The settled file as CSV: each input row carried through untouched, then
    /// each tier's payment and the out-of-pocket, in yuan with two decimals.
    public func csv(lineEnding: CSVWriter.LineEnding = .lf) -> String {
        String(decoding: csvBytes(lineEnding: lineEnding), as: UTF8.self)
    }

    /// ``csv(lineEnding:)`` as UTF-8 bytes, without building a `String` (for writing files).
    public func csvBytes(lineEnding: CSVWriter.LineEnding = .lf) -> [UInt8] {
        var writer = CSVWriter(lineEnding: lineEnding)
        writer.append(outputHeader)
        for (record, breakdown) in zip(file.records, breakdowns) {
            for field in record.fields { writer.appendField(field) }
            for payment in breakdown.payments { writer.appendField(payment.description) }
            writer.appendField(breakdown.outOfPocket.description)
            writer.endRecord()
        }
        return writer.bytes
    }
}

extension ReferenceClaimsFile {
    /// Settles every row against `plan`: accumulators start at zero for each
    /// (person, year), and a person's claims are settled in file order, however
    /// persons interleave. Each year present gets its own engine (its income line).
    ///
    /// - Parameter explain: keep the engine's trace of every row (slower; for `--explain`).
    /// - Throws: a ``ClaimsFileError`` when the input already has an output column, or
    ///   on the `year` column of the first row whose year the plan cannot settle.
    public func settle(with plan: SettlementPlan, catalog: DiseaseCatalog = .standard, explain: Bool = false) throws(ClaimsFileError) -> ReferenceSettledClaims {
        for id in plan.tiers.map(\.id) + ["out_of_pocket"] where header.contains(id) {
            throw ClaimsFileError(file: name, line: headerLine, column: id,
                                  message: "is an output column of the settlement; expected the input not to have it (rename or drop it, e.g. when re-settling an output file)")
        }
        var engines: [Int: SettlementEngine] = [:]
        var states: [PersonYear: PersonYearState] = [:]
        var breakdowns: [ClaimBreakdown] = []
        breakdowns.reserveCapacity(records.count)
        var traces: [[TraceEvent]] = []
        for record in records {
            let engine: SettlementEngine
            if let known = engines[record.year] {
                engine = known
            } else {
                do { engine = try SettlementEngine(plan: plan, year: record.year, catalog: catalog) } catch {
                    throw ClaimsFileError(file: name, line: record.line, column: ClaimColumn.year.rawValue,
                                          message: "expected a year the scenario can settle, got \(record.year): \(error)")
                }
                engines[record.year] = engine
            }
            let key = PersonYear(person: record.personID, year: record.year)
            var breakdown = ClaimBreakdown(tierCount: engine.tierCount)
            if explain {
                var recorder = TraceRecorder()
                engine.settle(record.claim, state: &states[key, default: engine.newPersonYear()], into: &breakdown, tracer: &recorder)
                traces.append(recorder.events)
            } else {
                engine.settle(record.claim, state: &states[key, default: engine.newPersonYear()], into: &breakdown)
            }
            breakdowns.append(breakdown)
        }
        return ReferenceSettledClaims(file: self, plan: plan, breakdowns: breakdowns, traces: traces)
    }
}

/// The key of a person-year's accumulators.
private struct PersonYear: Hashable {
    var person: String
    var year: Int
}
