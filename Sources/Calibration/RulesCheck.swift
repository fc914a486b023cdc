import ClaimsFile
import Foundation
import Settlement

/// The rules check of `fundsim calibrate --check-rules`: settles an extract that
/// records what each tier paid with the scenario's rules and reports the claims
/// whose recorded payments differ from the settled ones. A mismatch means the
/// county's rules (or their parameters) differ from the scenario's.
///
/// Recorded columns are named by the tier ids (and optionally `out_of_pocket`);
/// any subset may be present; an empty field means "not recorded" for that claim.
/// A claim differs when some recorded amount differs from the settled one by more
/// than the tolerance. Later claims of a person-year inherit an earlier
/// difference through the annual accumulators, so the report also counts the
/// person-years affected and shows the first differing claims with their
/// `--explain` text (the settled arithmetic, tier by tier).
public struct RulesCheck: Sendable {
    /// One compared column's differences.
    public struct ColumnDifference: Sendable, Hashable {
        /// The tier id, or `out_of_pocket`.
        public var id: String
        /// Whether the extract has the column.
        public var recorded: Bool
        /// Claims whose recorded amount differs.
        public var claims: Int
        /// Sum of settled − recorded over the differing claims (fen).
        public var difference: Int64
        /// Sum of |settled − recorded| (fen).
        public var absoluteDifference: Int64
        /// Sum of the recorded amounts over every compared claim (fen).
        public var recordedTotal: Int64
        /// Sum of the settled amounts over every compared claim (fen).
        public var settledTotal: Int64
    }

    /// One differing claim.
    public struct Example: Sendable, Hashable {
        /// The line it starts on in the extract.
        public var line: Int
        /// Its person and year.
        public var personID: String
        /// Its year (empty when the extract has no `year`).
        public var year: String
        /// Per compared column (``columns`` order): recorded and settled fen (`nil` when not recorded).
        public var recorded: [Int64?]
        /// Settled fen, per column.
        public var settled: [Int64]
        /// The claim's `--explain` text under the scenario's rules.
        public var explanation: String
    }

    /// The extract's name.
    public let name: String
    /// Claims in the extract.
    public let claims: Int
    /// Claims with at least one recorded amount.
    public let comparedClaims: Int
    /// Claims with a difference.
    public let differingClaims: Int
    /// Person-years with at least one differing claim.
    public let affectedPersonYears: Int
    /// Per tier, then `out_of_pocket`.
    public let columns: [ColumnDifference]
    /// The first differing claims, in file order.
    public let examples: [Example]
    /// The tolerance (fen).
    public let tolerance: Int64

    /// Whether recorded and settled payments agree everywhere.
    public var agrees: Bool { differingClaims == 0 }

    /// Runs the check: settles the extract read from `open()` (called once, and once
    /// more to explain the first `exampleCount` differing claims) and compares.
    /// - Throws: ``ClaimsFileError`` for a row breaking the claims-file contract or a
    ///   recorded amount that is not an amount (file, line, column, expectation), or
    ///   when the extract records no payment at all.
    public init(name: String, settlement: ExtractSettlement, open: () throws -> ByteSource,
                exampleCount: Int = 5, tolerance: Int64 = 0) throws {
        let ids = settlement.recordableColumns
        var columns = ids.map { ColumnDifference(id: $0, recorded: false, claims: 0, difference: 0, absoluteDifference: 0,
                                                 recordedTotal: 0, settledTotal: 0) }
        var claims = 0
        var compared = 0
        var differing = 0
        var affected = Set<String>()
        var examples: [Example] = []
        var exampleRows: [Int] = []
        var recordedAny = false
        try settlement.run(name: name, source: try open(), layout: { layout in
            recordedAny = layout.hasRecordedPayments
            for i in ids.indices { columns[i].recorded = layout.recorded[i] != nil }
            guard recordedAny else {
                throw ClaimsFileError(file: name, line: 1, column: nil,
                                      message: "records no payment; expected at least one column named by a tier id (\(ids.joined(separator: ", "))) for the rules check")
            }
        }) { row, layout in
            claims += 1
            var recorded = [Int64?](repeating: nil, count: ids.count)
            var settled = [Int64](repeating: 0, count: ids.count)
            var differs = false
            for i in ids.indices {
                settled[i] = FieldParsing.amount(row[layout.settled[i]])?.fen ?? 0
                guard let column = layout.recorded[i], !row[column].isEmpty else { continue }
                guard let amount = FieldParsing.amount(row[column])?.fen else {
                    throw ClaimsFileError(file: name, line: row.line, column: ids[i],
                                          message: "'\(row.text(column).prefix(40))' is not a recorded payment; expected yuan ≥ 0 with at most two decimals, or empty")
                }
                recorded[i] = amount
                columns[i].recordedTotal += amount
                columns[i].settledTotal += settled[i]
                let delta = settled[i] - amount
                if abs(delta) > tolerance {
                    differs = true
                    columns[i].claims += 1
                    columns[i].difference += delta
                    columns[i].absoluteDifference += abs(delta)
                }
            }
            if recorded.contains(where: { $0 != nil }) { compared += 1 }
            guard differs else { return }
            differing += 1
            let person = layout.index["person_id"].map { row.text($0) } ?? ""
            let year = layout.index["year"].map { row.text($0) } ?? ""
            affected.insert(person + "\u{1F}" + year)
            if examples.count < exampleCount {
                examples.append(Example(line: row.line, personID: person, year: year, recorded: recorded, settled: settled, explanation: ""))
                exampleRows.append(row.number)
            }
        }
        if !exampleRows.isEmpty {
            let explanations = try Self.explain(rows: exampleRows, name: name, settlement: settlement, source: try open())
            for i in examples.indices { examples[i].explanation = explanations[exampleRows[i]] ?? "" }
        }
        self.name = name
        self.claims = claims
        comparedClaims = compared
        differingClaims = differing
        affectedPersonYears = affected.count
        self.columns = columns
        self.examples = examples
        self.tolerance = tolerance
    }

    /// The `--explain` text of the given data rows (1-based), settling the file again
    /// and stopping after the last of them.
    static func explain(rows: [Int], name: String, settlement: ExtractSettlement, source: ByteSource) throws -> [Int: String] {
        let sink = ExplanationPicker(rows: Set(rows))
        do {
            try settlement.settler.settle(name: name, from: ExtractSource(source, name: name, recorded: Set(settlement.recordableColumns)),
                                          csv: nil, explanation: sink)
        } catch is ExplanationPicker.Done {}
        sink.flush()
        return sink.picked
    }

    /// The report as text: counts, per-column differences, the examples with their arithmetic.
    public var text: String {
        func yuan(_ fen: Int64) -> String { Money(fen: fen).description }
        var text = "rules check of \(name): \(claims) claims, \(comparedClaims) with recorded payments; "
        if agrees {
            text += "every recorded payment agrees with the scenario's rules"
            text += tolerance > 0 ? " (tolerance \(yuan(tolerance)))\n" : "\n"
            return text
        }
        text += "\(differingClaims) differ (in \(affectedPersonYears) person-years)\n"
        text += "column  claims_differing  settled_minus_recorded  absolute_difference  recorded_total  settled_total\n"
        for column in columns where column.recorded {
            text += "\(column.id)  \(column.claims)  \(yuan(column.difference))  \(yuan(column.absoluteDifference))  "
                + "\(yuan(column.recordedTotal))  \(yuan(column.settledTotal))\n"
        }
        text += "A difference means the county's rules or their parameters differ from the scenario's; "
            + "later claims of a person-year inherit an earlier one through the annual accumulators.\n"
        for example in examples {
            text += "\nline \(example.line) person \(example.personID) year \(example.year):"
            for (i, column) in columns.enumerated() {
                if let recorded = example.recorded[i], abs(recorded - example.settled[i]) > tolerance {
                    text += " \(column.id) recorded \(yuan(recorded)) settled \(yuan(example.settled[i]));"
                }
            }
            text += "\n" + example.explanation
        }
        return text
    }
}

/// Keeps the `--explain` blocks of chosen data rows (a block starts with `line `),
/// and stops the settlement after the last one.
final class ExplanationPicker: ByteSink {
    struct Done: Error {}
    let rows: Set<Int>
    let last: Int
    private(set) var picked: [Int: String] = [:]
    private var block = 0
    private var current: [UInt8] = []
    private var lineStart = true
    private var partial: [UInt8] = []

    init(rows: Set<Int>) {
        self.rows = rows
        last = rows.max() ?? 0
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        for b in bytes {
            partial.append(b)
            if b == 10 { try endLine() }
        }
    }

    private func endLine() throws {
        if partial.starts(with: Array("line ".utf8)) {
            flush()
            block += 1
            if block > last { throw Done() }
        }
        if rows.contains(block) { current.append(contentsOf: partial) }
        partial.removeAll(keepingCapacity: true)
    }

    func flush() {
        if rows.contains(block) && !current.isEmpty { picked[block] = String(decoding: current, as: UTF8.self) }
        current.removeAll()
    }
}
