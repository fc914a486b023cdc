/// A reproducible stream of random numbers, identified by a ``StreamKey``.
///
/// The stream walks the Philox4x32-10 counter space of its key one block at a
/// time and hands out the block's four 32-bit words in order (word 0 first).
/// It holds no reference to anything else, so it is a pure function of its key:
/// two streams with the same key give identical sequences, whatever else has
/// been drawn. A stream holds 2^32 blocks; drawing past that traps.
public struct RandomStream: RandomSource, RandomNumberGenerator, Sendable {
    /// The coordinates that determine every number of this stream.
    public let key: StreamKey

    @usableFromInline let philoxKey: Philox4x32.Key
    /// The counter of the next block to compute (word 0 is its index).
    @usableFromInline var counter: Philox4x32.Block
    /// Blocks computed so far; guards against wrapping the 32-bit block index.
    @usableFromInline var blocksUsed: UInt64
    /// The unread words of the current block, shifted towards word 0.
    @usableFromInline var buffer: Philox4x32.Block
    /// How many words of `buffer` are still unread (0...4).
    @usableFromInline var remaining: Int
    /// Blocks computed with `buffer`'s, the next to hand out (counters `counter`, `counter + 1`, …):
    /// the first `spareCount` of them.
    @usableFromInline var spare = (Philox4x32.Block(0, 0, 0, 0), Philox4x32.Block(0, 0, 0, 0), Philox4x32.Block(0, 0, 0, 0))
    /// How many of `spare` are still to be handed out (0...3).
    @usableFromInline var spareCount = 0

    /// Creates the stream for `key`, positioned at its first number.
    @inlinable
    public init(key: StreamKey) {
        self.key = key
        self.philoxKey = key.philoxKey
        self.counter = key.philoxCounter(block: 0)
        self.blocksUsed = 0
        self.buffer = Philox4x32.Block(0, 0, 0, 0)
        self.remaining = 0
    }

    /// Creates the stream for the given coordinates; see ``StreamKey`` for ranges.
    @inlinable
    public init(
        seed: UInt64, purpose: StreamPurpose, draw: UInt32,
        county: UInt32, year: UInt32, person: UInt32
    ) {
        self.init(key: StreamKey(
            seed: seed, purpose: purpose, draw: draw, county: county, year: year, person: person))
    }

    /// Puts the next block into the buffer (out of line: the callers' common case,
    /// a word left in the buffer, stays a few instructions).
    ///
    /// Blocks are computed four at a time (``Philox4x32/fourBlocks(from:key:)``), the other
    /// three kept as `spare` for the next refills: a person-year that needs a second block
    /// almost always needs more (in the Yunnan forecast 98% of them need a third, 82% a fourth,
    /// 16% a fifth), and four vector blocks cost about 1.7 scalar ones.
    /// The numbers are exactly those of one block at a time.
    @inline(never) @usableFromInline
    mutating func refill() {
        precondition(blocksUsed <= UInt64(UInt32.max), "RandomStream: 2^32 blocks exhausted")
        if spareCount > 0 {
            buffer = spare.0
            spare = (spare.1, spare.2, spare.2)
            spareCount &-= 1
        } else if blocksUsed &+ 4 <= UInt64(UInt32.max) &+ 1 {
            let blocks = Philox4x32.fourBlocks(from: counter, key: philoxKey)
            buffer = blocks.0
            spare = (blocks.1, blocks.2, blocks.3)
            spareCount = 3
        } else {
            buffer = Philox4x32.block(counter: counter, key: philoxKey)
        }
        counter.word0 &+= 1
        blocksUsed &+= 1
        remaining = 4
    }

    /// Returns the next 32-bit word of the stream.
    @inlinable @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if remaining == 0 { refill() }
        let word = buffer.word0
        buffer = Philox4x32.Block(buffer.word1, buffer.word2, buffer.word3, 0)
        remaining &-= 1
        return word
    }

    /// Returns the next two words as one `UInt64`, the first word in the high half.
    @inlinable @inline(__always)
    public mutating func nextUInt64() -> UInt64 {
        if remaining >= 2 {
            let value = UInt64(buffer.word0) << 32 | UInt64(buffer.word1)
            buffer = Philox4x32.Block(buffer.word2, buffer.word3, 0, 0)
            remaining &-= 2
            return value
        }
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }

    /// Same as ``nextUInt64()``, so that a stream can drive the standard
    /// library's `random(in:using:)` APIs.
    @inlinable
    public mutating func next() -> UInt64 { nextUInt64() }
}
