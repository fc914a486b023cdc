/// One output buffer in front of a ``ByteSink``: rows are appended as bytes,
/// money straight from integer fen, and the buffer goes to the sink when full.
struct OutputBuffer: ~Copyable {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private let sink: ByteSink

    init(sink: ByteSink, capacity: Int = 1 << 20) {
        self.sink = sink
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Appends bytes, flushing first when they do not fit (very long rows go straight to the sink).
    @inline(__always)
    mutating func append(_ p: UnsafeRawPointer, _ n: Int) throws {
        if count &+ n > capacity {
            try flush()
            if n > capacity {
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
        if count &+ 24 > capacity { try flush() }
        var magnitude = fen.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
        let written = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var i = 24
            let cents = magnitude % 100
            magnitude /= 100
            i &-= 1; scratch[i] = UInt8(truncatingIfNeeded: 48 &+ cents % 10)
            i &-= 1; scratch[i] = UInt8(truncatingIfNeeded: 48 &+ cents / 10)
            i &-= 1; scratch[i] = UInt8(ascii: ".")
            repeat {
                i &-= 1
                scratch[i] = UInt8(truncatingIfNeeded: 48 &+ magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if fen < 0 { i &-= 1; scratch[i] = UInt8(ascii: "-") }
            let n = 24 &- i
            (base + count).update(from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + i, count: n)
            return n
        }
        count &+= written
    }

    /// Hands the buffered bytes to the sink.
    mutating func flush() throws {
        guard count > 0 else { return }
        try sink.write(UnsafeRawBufferPointer(start: base, count: count))
        count = 0
    }
}
