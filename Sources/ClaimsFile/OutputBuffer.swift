import Foundation
import Settlement

/// One output buffer in front of a ``ByteSink``: rows are appended as bytes,
/// money straight from integer fen, and the buffer goes to the sink when full.
///
/// With `background: true` a full buffer is handed to a ``BackgroundWriter``
/// thread and appending goes on in a second buffer meanwhile: the copy into
/// the kernel's page cache, a fifth of a settle's time, leaves the settling
/// thread. The bytes reach the sink in the same order either way; a write's
/// error is thrown by the next ``flush()`` or ``finish()``.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// The buffer being written in the background (`nil` when synchronous).
    private var spare: UnsafeMutablePointer<UInt8>?
    private let capacity: Int
    private var count = 0
    private let sink: ByteSink
    private let writer: BackgroundWriter?

    init(sink: ByteSink, capacity: Int = 1 << 18, background: Bool = false) {
        self.sink = sink
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        if background {
            spare = .allocate(capacity: self.capacity)
            writer = BackgroundWriter(sink: sink)
        } else {
            spare = nil
            writer = nil
        }
    }

    deinit {
        // The writer thread may still be reading a buffer: stop it first.
        writer?.stop()
        base.deallocate()
        spare?.deallocate()
    }

    /// Appends bytes, flushing first when they do not fit (very long rows go straight to the sink).
    @inline(__always)
    mutating func append(_ p: UnsafeRawPointer, _ n: Int) throws {
        if count &+ n > capacity {
            try flush()
            if n > capacity {
                try writer?.waitUntilIdle()
                try sink.write(UnsafeRawBufferPointer(start: p, count: n))
                return
            }
        }
        (base + count).update(from: p.assumingMemoryBound(to: UInt8.self), count: n)
        count &+= n
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) throws {
        if count == capacity { try flush() }
        base[count] = byte
        count &+= 1
    }

    /// Appends text (headers, explanations).
    mutating func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { try append($0.baseAddress!, $0.count) }
    }

    /// Appends an amount as yuan with two decimals ("1234.50", "-0.01"), as `Money.description` writes it.
    @inline(__always)
    mutating func appendMoney(_ fen: Int64) throws {
        if count &+ Self.moneyBytes > capacity { try flush() }
        count &+= Self.writeMoney(fen, to: base + count)
    }

    /// The most bytes ``writeMoney(_:to:)`` writes.
    static let moneyBytes = 24

    /// Writes `fen` as yuan with two decimals at `out`, two digits a step from a
    /// table straight into place (no scratch, no copy); returns the byte count.
    @inline(__always)
    static func writeMoney(_ fen: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if fen == 0 {
            // "0.00": most tier payments of most claims.
            UnsafeMutableRawPointer(out).storeBytes(of: 0x3030_2E30 as UInt32, as: UInt32.self)
            return 4
        }
        let pairs = digitPairs.utf8Start
        var start = out
        if fen < 0 {
            out[0] = UInt8(ascii: "-")
            start += 1
        }
        var m = fen.magnitude
        let cents = Int(truncatingIfNeeded: m % 100)
        m /= 100
        let point = start + digitCount(m)
        point[0] = UInt8(ascii: ".")
        point[1] = pairs[2 &* cents]
        point[2] = pairs[2 &* cents &+ 1]
        var w = point
        while m >= 100 {
            let r = Int(truncatingIfNeeded: m % 100)
            m /= 100
            w -= 2
            w[0] = pairs[2 &* r]
            w[1] = pairs[2 &* r &+ 1]
        }
        if m >= 10 {
            w[-2] = pairs[2 &* Int(truncatingIfNeeded: m)]
            w[-1] = pairs[2 &* Int(truncatingIfNeeded: m) &+ 1]
        } else {
            w[-1] = UInt8(truncatingIfNeeded: 48 &+ m)
        }
        return point + 3 - out
    }

    /// "00", "01", … "99" back to back.
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Decimal digits of `m` (1 for 0).
    @inline(__always)
    static func digitCount(_ m: UInt64) -> Int {
        if m < 10_000 { return m < 100 ? (m < 10 ? 1 : 2) : (m < 1000 ? 3 : 4) }
        if m < 100_000_000 { return m < 1_000_000 ? (m < 100_000 ? 5 : 6) : (m < 10_000_000 ? 7 : 8) }
        var d = 9
        var t = m / 1_000_000_000
        while t > 0 {
            d &+= 1
            t /= 10
        }
        return d
    }

    /// Appends one settled row: the carried-through `prefix`, then a comma and
    /// each payment, a comma and the out-of-pocket, and a line feed, with one
    /// check for room instead of one per piece.
    @inline(__always)
    mutating func appendRow(prefix: UnsafeRawPointer, length: Int, payments: UnsafeBufferPointer<Money>, outOfPocket: Int64) throws {
        let most = length &+ (payments.count &+ 1) &* (Self.moneyBytes &+ 1) &+ 1
        if count &+ most > capacity {
            try flush()
            if most > capacity {
                try append(prefix, length)
                for payment in payments {
                    try append(.comma)
                    try appendMoney(payment.fen)
                }
                try append(.comma)
                try appendMoney(outOfPocket)
                try append(.lf)
                return
            }
        }
        var out = base + count
        out.update(from: prefix.assumingMemoryBound(to: UInt8.self), count: length)
        out += length
        for payment in payments {
            out[0] = .comma
            out += 1 &+ Self.writeMoney(payment.fen, to: out + 1)
        }
        out[0] = .comma
        out += 1 &+ Self.writeMoney(outOfPocket, to: out + 1)
        out[0] = .lf
        count = out + 1 - base
    }

    /// Hands the buffered bytes to the sink (or to the background writer, and
    /// goes on in the other buffer, once the writer is done with it).
    mutating func flush() throws {
        guard count > 0 else { return }
        if let writer, let other = spare {
            try writer.submit(UnsafeRawBufferPointer(start: base, count: count))
            spare = base
            base = other
        } else {
            try sink.write(UnsafeRawBufferPointer(start: base, count: count))
        }
        count = 0
    }

    /// Flushes and waits until every byte is with the sink.
    mutating func finish() throws {
        try flush()
        try writer?.waitUntilIdle()
    }
}

/// Writes buffers to a sink on a thread of its own, one at a time and in the
/// order submitted (see ``OutputBuffer``). After a failed write it writes
/// nothing more and every later call throws that error.
final class BackgroundWriter: @unchecked Sendable {
    private let sink: ByteSink
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var pending: UnsafeRawBufferPointer?
    private var failure: Error?
    private var stopping = false
    private var running = true

    init(sink: ByteSink) {
        self.sink = sink
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run() {
        condition.lock()
        while true {
            while pending == nil && !stopping { condition.wait() }
            guard let bytes = pending else { break }
            let failed = failure != nil
            condition.unlock()
            var error: Error?
            if !failed {
                do { try sink.write(bytes) } catch let e { error = e }
            }
            condition.lock()
            if let error { failure = error }
            pending = nil
            condition.broadcast()
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the last submitted buffer is written; throws the first write error.
    func waitUntilIdle() throws {
        condition.lock()
        while pending != nil { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Hands `bytes` over (after the previous buffer is written); they must stay
    /// untouched until the next ``submit(_:)`` or ``waitUntilIdle()`` returns.
    func submit(_ bytes: UnsafeRawBufferPointer) throws {
        condition.lock()
        while pending != nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        pending = bytes
        condition.broadcast()
        condition.unlock()
    }

    /// Finishes the write under way, if any, and ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
