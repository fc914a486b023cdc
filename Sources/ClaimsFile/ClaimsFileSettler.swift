import Dispatch
import Foundation
import PolicyCatalog
import Reporting
import Settlement

/// Settles a claims file (POLICY.md section 10) as a stream, at the speed of
/// reading and writing it: `fundsim settle`.
///
/// The file is read in blocks; each record is split into fields in place
/// (``RecordScanner``), validated with numbers read straight to fen and
/// enumerated values matched as bytes, settled against the accumulators of its
/// person-year (``PersonYearTable``, the only state kept across rows, so memory
/// grows with the number of distinct person-years, not with the file), and
/// written through one output buffer: every input column as read (re-quoted only
/// where RFC 4180 needs it), then one column per tier and `out_of_pocket`, in
/// yuan with two decimals. With two threads one parses block N+1 while the
/// other settles block N into the output buffer, and a third hands full output
/// buffers to the sink (the copy into the page cache is a fifth of the work);
/// the output is the same bytes either way, since rows are settled and
/// written in file order by one thread and buffers reach the sink in order.
///
/// The contract, beyond POLICY.md section 10: a UTF-8 byte-order mark, CRLF,
/// LF or CR line breaks and blank lines are accepted; enumerated values ignore
/// ASCII letter case (`TRUE`, `County`); the `year` must be in the scenario's
/// horizon; a `chronic_outpatient` claim needs one of the 28 outpatient
/// diseases and a `major_disease` claim one of the 15 major diseases; every
/// amount is at most ``maximumAmount``. The first row that breaks it stops the
/// run with a ``ClaimsFileError`` naming the file, line, column and what was
/// expected (long fields cut); what was written to the sinks until then is to
/// be discarded by the caller (the CLI writes to a temporary file).
public struct ClaimsFileSettler: Sendable {
    /// The largest amount a claims file may hold in `total_cost`,
    /// `policy_range_cost` or `consultation_fee`: 1,000,000,000.00 yuan (10¹¹
    /// fen). Larger amounts are refused with the line and column. Why this
    /// bound: far above any medical bill, and small enough that every sum a
    /// user may form stays exact: ninety million claims at the maximum still
    /// add up in a signed 64-bit count of fen, and any amount up to it is an
    /// exact `Double` in yuan to the fen. The engine itself is exact far
    /// beyond it (``Rate/apply(to:)`` widens its products).
    public static let maximumAmount = Money(fen: 100_000_000_000)

    /// How to run.
    public struct Options: Sendable {
        /// Bytes asked for per read (512 KiB by default; tests make it tiny so that
        /// block boundaries fall everywhere).
        public var blockSize: Int
        /// 1: read, settle and write on the calling thread; 2: parse on a second
        /// thread meanwhile, and write full output buffers to the CSV sink on a third.
        public var threads: Int

        /// Creates options.
        public init(blockSize: Int = 1 << 19, threads: Int = 1) {
            precondition(blockSize > 0 && threads >= 1)
            self.blockSize = blockSize
            self.threads = threads
        }
    }

    /// What a settled file held.
    public struct Summary: Sendable, Hashable {
        /// Data rows settled.
        public var claims: Int
        /// Distinct (person, year) pairs.
        public var personYears: Int
        /// Bytes the person-year accumulators and their index took.
        public var accumulatorBytes: Int
    }

    /// The rule set.
    public let plan: SettlementPlan
    /// The scenario's horizon: the years a claim may have (the first when the file has no `year`).
    public let years: ClosedRange<Int>
    /// The catalog disease codes are looked up in.
    public let catalog: DiseaseCatalog
    private let engines: [SettlementEngine]

    /// Compiles the plan for every year of the horizon.
    public init(plan: SettlementPlan, years: ClosedRange<Int>, catalog: DiseaseCatalog = .standard) throws(PlanError) {
        self.plan = plan
        self.years = years
        self.catalog = catalog
        var engines: [SettlementEngine] = []
        for year in years { engines.append(try SettlementEngine(plan: plan, year: year, catalog: catalog)) }
        self.engines = engines
    }

    /// The output header after the input's columns: one per tier, then `out_of_pocket`.
    public var outputColumns: [String] { plan.tiers.map(\.id) + ["out_of_pocket"] }

    /// Reads the claims file from `source`, writes the settled CSV to `csv` and,
    /// when given, the `--explain` text of every claim to `explanation`.
    ///
    /// - Parameter name: the file's name in error messages.
    /// - Throws: ``ClaimsFileError`` for the first row (or header) that breaks the
    ///   contract, ``ClaimsIOError`` when reading fails, or what a sink throws.
    @discardableResult
    public func settle(name: String, from source: ByteSource, csv: ByteSink?, explanation: ByteSink? = nil,
                       options: Options = Options()) throws -> Summary {
        var seed: UInt64 = 0
        while seed == 0 { seed = UInt64.random(in: .min ... .max) }
        let reader = BatchReader(name: name, source: source, blockSize: options.blockSize, outputColumns: outputColumns,
                                 years: years, catalog: catalog, seed: seed)
        var writer = BatchWriter(settler: self, slotCount: engines[0].newPersonYear().slotCount, csv: csv, explanation: explanation,
                                 background: options.threads > 1)
        let ring = (0..<3).map { _ in Batch() }
        if options.threads <= 1 {
            var k = 0
            while true {
                let batch = ring[k % 2]
                reader.fill(batch, after: k > 0 ? ring[(k - 1) % 2] : nil)
                try writer.consume(batch)
                if batch.isLast { break }
                k += 1
            }
        } else {
            // Created at 0 and signalled: libdispatch traps when a semaphore is
            // released below the value it was created with.
            let free = DispatchSemaphore(value: 0)
            for _ in ring { free.signal() }
            let filled = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            let control = PipelineControl()
            let producer = Thread {
                var k = 0
                while true {
                    free.wait()
                    if control.isCancelled { break }
                    let batch = ring[k % ring.count]
                    reader.fill(batch, after: k > 0 ? ring[(k - 1) % ring.count] : nil)
                    let last = batch.isLast
                    filled.signal()
                    if last { break }
                    k += 1
                }
                done.signal()
            }
            producer.stackSize = 1 << 22
            producer.start()
            var k = 0
            do {
                while true {
                    filled.wait()
                    let batch = ring[k % ring.count]
                    try writer.consume(batch)
                    // Read before handing the batch back: the reader may refill it at once.
                    let last = batch.isLast
                    free.signal()
                    if last { break }
                    k += 1
                }
            } catch {
                control.cancel()
                free.signal()
                done.wait()
                throw error
            }
            done.wait()
        }
        try writer.finish()
        return Summary(claims: writer.claims, personYears: writer.table.count, accumulatorBytes: writer.table.bytesHeld)
    }

    fileprivate func engine(year: Int32) -> SettlementEngine { engines[Int(year) - years.lowerBound] }
}

/// The cancellation flag of the two-thread pipeline.
private final class PipelineControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    var isCancelled: Bool { lock.withLock { cancelled } }
    func cancel() { lock.withLock { cancelled = true } }
}

/// A block of the file with its complete records parsed: what passes from the
/// reading thread to the settling one. Reused; owned by one thread at a time
/// (the semaphores of the pipeline order the hand-overs).
final class Batch: @unchecked Sendable {
    private(set) var buffer: UnsafeMutableRawBufferPointer = .init(start: nil, count: 0)
    /// Valid bytes in `buffer`.
    var count = 0
    /// The parsed rows, `rowCount` of them (room for `rowCapacity`): plain
    /// memory, appended to without a uniqueness or bounds check per row.
    private(set) var rows: UnsafeMutablePointer<ParsedRow> = .allocate(capacity: 1)
    var rowCount = 0
    private(set) var rowCapacity = 1
    var scratch: [UInt8] = []
    /// The header's fields, on the batch that read it.
    var header: [String]?
    /// Where the incomplete record at the end starts, and its line.
    var carryStart = 0
    var carryLine = 1
    /// What stopped the reading after `rows`.
    var error: Error?
    var isLast = false

    var capacity: Int { buffer.count }
    var base: UnsafeMutablePointer<UInt8> { buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) }

    /// Makes room for at least `capacity` bytes, keeping the first `count`.
    func reserve(_ capacity: Int) {
        guard capacity > buffer.count else { return }
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        if count > 0 { bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: count) }
        buffer.deallocate()
        buffer = bigger
    }

    /// Makes room for at least `capacity` rows, keeping the first `rowCount`.
    func reserveRows(_ capacity: Int) {
        guard capacity > rowCapacity else { return }
        let bigger = UnsafeMutablePointer<ParsedRow>.allocate(capacity: capacity)
        bigger.moveInitialize(from: rows, count: rowCount)
        rows.deallocate()
        rows = bigger
        rowCapacity = capacity
    }

    deinit {
        buffer.deallocate()
        rows.deinitialize(count: rowCount)
        rows.deallocate()
    }
}

/// Stage one: reads blocks and turns complete records into ``ParsedRow``s.
private final class BatchReader: @unchecked Sendable {
    let name: String
    let source: ByteSource
    let blockSize: Int
    let outputColumns: [String]
    let years: ClosedRange<Int>
    let catalog: DiseaseCatalog
    let seed: UInt64
    var layout: ClaimsLayout?
    var atEnd = false
    var checkedBOM = false
    var spans = SpanList()
    /// What a row slot is initialised to before it is parsed into (an instance
    /// property: a static one costs a lazy-initialisation check per row).
    let emptyRow = ParsedRow(
        claim: Claim(setting: .inpatient, level: .county, inCounty: false, referralCompliant: false,
                     totalCost: Money(fen: 0), policyRangeCost: Money(fen: 0)),
        line: 0, hash: 0, year: 0, keyLength: 0, keyOffset: 0, prefixOffset: 0, prefixLength: 0, displayOffset: 0, displayLength: 0, flags: 0)

    init(name: String, source: ByteSource, blockSize: Int, outputColumns: [String], years: ClosedRange<Int>, catalog: DiseaseCatalog, seed: UInt64) {
        self.name = name
        self.source = source
        self.blockSize = blockSize
        self.outputColumns = outputColumns
        self.years = years
        self.catalog = catalog
        self.seed = seed
    }

    /// Fills `batch`: the incomplete record `previous` ended with, then blocks
    /// read until the batch is full (about two blocks) or the file ends.
    func fill(_ batch: Batch, after previous: Batch?) {
        batch.rows.deinitialize(count: batch.rowCount)
        batch.rowCount = 0
        batch.scratch.removeAll(keepingCapacity: true)
        batch.header = nil
        batch.error = nil
        batch.isLast = false
        batch.count = 0
        var line = 1
        if let previous {
            let carried = previous.count - previous.carryStart
            batch.reserve(carried + 2 * blockSize)
            if carried > 0 { batch.base.update(from: previous.base + previous.carryStart, count: carried) }
            batch.count = carried
            line = previous.carryLine
        } else {
            batch.reserve(2 * blockSize)
        }
        var position = 0
        do {
            while true {
                try parseAvailable(batch, position: &position, line: &line)
                if atEnd {
                    if layout == nil {
                        throw ClaimsFileError(file: name, line: 1, column: nil,
                                              message: "empty file; expected a header row naming the columns \(ClaimColumn.required.map(\.rawValue).joined(separator: ", "))")
                    }
                    batch.isLast = true
                    break
                }
                let parsedSomething = batch.rowCount > 0 || batch.header != nil
                if batch.capacity - batch.count < blockSize {
                    if parsedSomething { break }
                    batch.reserve(batch.capacity * 2)
                }
                let n = try source.read(into: UnsafeMutableRawBufferPointer(start: batch.base + batch.count, count: blockSize))
                if n == 0 { atEnd = true } else { batch.count += n }
            }
        } catch {
            batch.error = error
            batch.isLast = true
        }
        batch.carryStart = position
        batch.carryLine = line
    }

    /// Parses every complete record from `position`.
    private func parseAvailable(_ batch: Batch, position: inout Int, line: inout Int) throws {
        let p = UnsafePointer(batch.base)
        let count = batch.count
        if !checkedBOM {
            if count < 3 && !atEnd { return }
            checkedBOM = true
            if count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
        }
        // Class properties in locals for the loop (no exclusivity checks per row).
        let atEnd = self.atEnd
        var spans = self.spans
        defer { self.spans = spans }
        var layout = self.layout
        let emptyRow = self.emptyRow
        var rows = batch.rows
        var rowCount = batch.rowCount
        var rowCapacity = batch.rowCapacity
        defer { batch.rowCount = rowCount }
        while true {
            guard RecordScanner.skipBlankLines(p, position: &position, count: count, atEnd: atEnd, line: &line) else { return }
            if position == count { return }
            let end: Int, next: Int, nextLine: Int, hasQuotes: Bool
            do {
                if let plainEnd = try RecordScanner.scanPlain(p, start: position, count: count, line: line, spans: &spans) {
                    (end, next, nextLine, hasQuotes) = (plainEnd, plainEnd &+ 1, line &+ 1, false)
                } else {
                    let outcome = try RecordScanner.scan(p, start: position, count: count, atEnd: atEnd, line: line, spans: &spans)
                    guard case .record(let e, let n, let l, let q) = outcome else { return }
                    (end, next, nextLine, hasQuotes) = (e, n, l, q)
                }
            } catch {
                throw ClaimsFileError(file: name, line: error.line, column: nil, message: error.message)
            }
            if let layout {
                if rowCount == rowCapacity {
                    batch.rowCount = rowCount
                    batch.reserveRows(max(1024, rowCapacity * 2))
                    rows = batch.rows
                    rowCapacity = batch.rowCapacity
                }
                (rows + rowCount).initialize(to: emptyRow)
                try layout.parse(p, spans: spans, recordStart: position, recordEnd: end, hasQuotes: hasQuotes, line: line,
                                 scratch: &batch.scratch, into: &rows[rowCount])
                rowCount &+= 1
            } else {
                let header = (0..<spans.count).map { text(p, spans[$0]) }
                layout = try ClaimsLayout(header: header, line: line, file: name, outputColumns: outputColumns,
                                          years: years, catalog: catalog, seed: seed)
                self.layout = layout
                batch.header = header
            }
            position = next
            line = nextLine
        }
    }
}

/// An engine in an object's immutable field, so that it can be borrowed in place.
private final class EngineBox {
    let engine: SettlementEngine
    init(_ engine: SettlementEngine) { self.engine = engine }
}

/// Stage two: settles each row against its person-year and writes the output.
private struct BatchWriter: ~Copyable {
    let settler: ClaimsFileSettler
    /// The engine of each year of the horizon, each in the immutable field of
    /// an object held unretained: settling a row then borrows the engine in
    /// place. (From an array or a pointer's pointee the compiler copies the
    /// struct, retaining and releasing each of its arrays, for every row: 7% of
    /// the time on a 1.4 M-claim file.)
    let engines: UnsafeMutablePointer<Unmanaged<EngineBox>>
    let engineCount: Int
    var table: PersonYearTable
    var csv: OutputBuffer?
    var explanation: OutputBuffer?
    var state: PersonYearState
    var breakdown: ClaimBreakdown
    var claims = 0
    let explainer: ClaimExplainer

    init(settler: ClaimsFileSettler, slotCount: Int, csv: ByteSink?, explanation: ByteSink?, background: Bool) {
        self.settler = settler
        engineCount = settler.years.count
        engines = .allocate(capacity: engineCount)
        for (i, year) in settler.years.enumerated() {
            (engines + i).initialize(to: Unmanaged.passRetained(EngineBox(settler.engine(year: Int32(year)))))
        }
        table = PersonYearTable(slotCount: slotCount)
        self.csv = csv.map { OutputBuffer(sink: $0, background: background) }
        self.explanation = explanation.map { OutputBuffer(sink: $0) }
        state = settler.engine(year: Int32(settler.years.lowerBound)).newPersonYear()
        breakdown = ClaimBreakdown(tierCount: settler.engine(year: Int32(settler.years.lowerBound)).tierCount)
        explainer = ClaimExplainer(plan: settler.plan, catalog: settler.catalog)
    }

    mutating func consume(_ batch: Batch) throws {
        if let header = batch.header, csv != nil {
            var bytes: [UInt8] = []
            for (i, field) in (header + settler.outputColumns).enumerated() {
                if i > 0 { bytes.append(.comma) }
                CSVWriter.append(field, to: &bytes)
            }
            bytes.append(.lf)
            try bytes.withUnsafeBytes { try csv!.append($0.baseAddress!, $0.count) }
        }
        let base = UnsafeRawPointer(batch.base)
        let firstYear = settler.years.lowerBound
        let explaining = explanation != nil
        let writing = csv != nil
        try batch.scratch.withUnsafeBytes { scratchBytes in
            let scratch = scratchBytes.baseAddress ?? base
            let rows = UnsafeBufferPointer(start: batch.rows, count: batch.rowCount)
            for i in rows.indices {
                // Person-years are spread over the whole table: fetch the index slot
                // 32 rows ahead and the record 16 rows ahead so the misses overlap.
                if i &+ 32 < rows.count { table.prefetchSlot(hash: rows[i &+ 32].hash) }
                if i &+ 16 < rows.count { table.prefetchRecord(hash: rows[i &+ 16].hash) }
                let engineIndex = Int(rows[i].year) &- firstYear
                let key = (rows[i].flags & ParsedRow.keyInScratch != 0 ? scratch : base) + rows[i].keyOffset
                let accumulators = table.accumulators(hash: rows[i].hash, id: key, length: Int(rows[i].keyLength), year: rows[i].year)
                state.load(from: accumulators)
                var events: [TraceEvent] = []
                engines[engineIndex]._withUnsafeGuaranteedRef { box in
                    if explaining {
                        var recorder = TraceRecorder()
                        box.engine.settle(rows[i].claim, state: &state, into: &breakdown, tracer: &recorder)
                        events = recorder.events
                    } else {
                        box.engine.settle(rows[i].claim, state: &state, into: &breakdown)
                    }
                }
                state.store(to: accumulators)
                if writing {
                    let prefix = (rows[i].flags & ParsedRow.prefixInScratch != 0 ? scratch : base) + rows[i].prefixOffset
                    let outOfPocket = breakdown.outOfPocket.fen
                    try breakdown.payments.withUnsafeBufferPointer { payments in
                        try csv!.appendRow(prefix: prefix, length: rows[i].prefixLength, payments: payments, outOfPocket: outOfPocket)
                    }
                }
                if explaining {
                    let row = rows[i]
                    let display = (row.flags & ParsedRow.displayInScratch != 0 ? scratch : base) + row.displayOffset
                    let person = String(decoding: UnsafeRawBufferPointer(start: display, count: row.displayLength), as: UTF8.self)
                    var text = ""
                    explainer.explain(line: row.line, personID: person, year: Int(row.year), claim: row.claim,
                                      breakdown: breakdown, events: events, into: &text)
                    try explanation!.append(text)
                }
            }
        }
        claims += batch.rowCount
        if let error = batch.error { throw error }
    }

    deinit {
        for i in 0..<engineCount { engines[i].release() }
        engines.deallocate()
    }

    mutating func finish() throws {
        try csv?.finish()
        try explanation?.finish()
    }
}
