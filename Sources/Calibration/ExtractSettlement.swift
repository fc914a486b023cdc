import ClaimsFile
import Settlement

/// Settles a claims extract through ``ClaimsFileSettler`` (the `fundsim settle`
/// machinery: the same validation, the same engine, the same errors naming file,
/// line and column) and hands each settled row to the caller with its input line,
/// its settled tier payments and, when the extract has them, its recorded ones.
public struct ExtractSettlement: Sendable {
    /// The settler of the scenario's rules.
    public let settler: ClaimsFileSettler
    /// The columns recorded payments may have: the tier ids, then `out_of_pocket`.
    public var recordableColumns: [String] { settler.outputColumns }

    /// Creates the settlement of a plan over a horizon.
    public init(settler: ClaimsFileSettler) { self.settler = settler }

    /// Where the columns of a settled row are.
    public struct Layout: Sendable {
        /// The extract's columns as in its header.
        public var inputColumns: [String]
        /// Index of each input column by name.
        public var index: [String: Int]
        /// Per tier (plan order) and then `out_of_pocket`: the settled column's index.
        public var settled: [Int]
        /// Per tier and then `out_of_pocket`: the recorded column's index, or `nil` when the extract has none.
        public var recorded: [Int?]
        /// Whether the extract records any payment.
        public var hasRecordedPayments: Bool { recorded.contains { $0 != nil } }
    }

    /// One settled row.
    public struct Row {
        /// 1-based data row number.
        public var number: Int
        /// The line the row starts on in the extract.
        public var line: Int
        /// The record: the input's fields, then the settled tiers and `out_of_pocket` (as written, yuan
        /// with two decimals); valid during the callback only.
        public var fields: CSVRecordReader
        /// Field `i`'s bytes.
        public subscript(i: Int) -> UnsafeBufferPointer<UInt8> { fields.field(i) }
        /// Field `i` as text.
        public func text(_ i: Int) -> String { fields.string(i) }
    }

    /// Settles the extract `name` read from `source` and calls `handle` with the layout
    /// before the first row and then every row, in file order.
    /// - Throws: ``ClaimsFileError`` for a row breaking the claims-file contract, or what `handle` throws.
    @discardableResult
    public func run(name: String, source: ByteSource, layout onLayout: (Layout) throws -> Void = { _ in },
                    row handle: (Row, Layout) throws -> Void) throws -> ClaimsFileSettler.Summary {
        try withoutActuallyEscaping(onLayout) { onLayout in
            try withoutActuallyEscaping(handle) { handle in
                try run(name: name, source: source, escapingLayout: onLayout, row: handle)
            }
        }
    }

    private func run(name: String, source: ByteSource, escapingLayout onLayout: @escaping (Layout) throws -> Void,
                     row handle: @escaping (Row, Layout) throws -> Void) throws -> ClaimsFileSettler.Summary {
        let extract = ExtractSource(source, name: name, recorded: Set(recordableColumns))
        var layout: Layout?
        var number = 0
        var failure: Error?
        let sink = SettledRowSink(name: name) { fields in
            guard let current = layout else {
                let columns = (0..<fields.count).map { fields.string($0) }
                let input = Array(extract.header)
                var index: [String: Int] = [:]
                for (i, name) in input.enumerated() { index[name] = i }
                let outputs = recordableColumns
                let made = Layout(inputColumns: input, index: index,
                                  settled: outputs.indices.map { columns.count - outputs.count + $0 },
                                  recorded: outputs.map { index[$0] })
                layout = made
                try onLayout(made)
                return
            }
            number += 1
            let line = number < extract.recordLines.count ? Int(extract.recordLines[number]) : 0
            do { try handle(Row(number: number, line: line, fields: fields), current) } catch {
                failure = error
                throw error
            }
        }
        do {
            let summary = try settler.settle(name: name, from: extract, csv: sink)
            try sink.finish()
            return summary
        } catch {
            throw failure ?? error
        }
    }
}
