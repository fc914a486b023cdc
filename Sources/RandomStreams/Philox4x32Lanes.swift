import CPhilox

extension Philox4x32 {
    /// Eight counters (or eight output blocks) side by side: lane i of `word0` … `word3`
    /// is the i-th block's word 0 … 3.
    public struct Lanes: Sendable {
        /// Words 0 of the eight blocks.
        public var word0: SIMD8<UInt32>
        /// Words 1 of the eight blocks.
        public var word1: SIMD8<UInt32>
        /// Words 2 of the eight blocks.
        public var word2: SIMD8<UInt32>
        /// Words 3 of the eight blocks.
        public var word3: SIMD8<UInt32>

        /// Creates eight blocks from their words, lane by lane.
        @inlinable
        public init(_ word0: SIMD8<UInt32>, _ word1: SIMD8<UInt32>, _ word2: SIMD8<UInt32>, _ word3: SIMD8<UInt32>) {
            self.word0 = word0
            self.word1 = word1
            self.word2 = word2
            self.word3 = word3
        }

        /// Block `i` (0..<8).
        @inlinable @inline(__always)
        public subscript(i: Int) -> Block { Block(word0[i], word1[i], word2[i], word3[i]) }

        /// Writes the eight blocks to `blocks[0 ..< 8]`, block `i` at `blocks[i]`: for reading
        /// them one at a time by a varying index, which the vectors themselves do slowly.
        @inlinable @inline(__always)
        public func store(into blocks: UnsafeMutablePointer<Block>) {
            blocks[0] = self[0]
            blocks[1] = self[1]
            blocks[2] = self[2]
            blocks[3] = self[3]
            blocks[4] = self[4]
            blocks[5] = self[5]
            blocks[6] = self[6]
            blocks[7] = self[7]
        }
    }

    /// ``block(counter:key:)`` of eight counters under one key, in vector code: lane i of the
    /// result is bit-for-bit `block(counter: counters[i], key: key)`.
    ///
    /// Why: a county-year's people have streams that differ only in counter word 1 (the
    /// person) and most person-years use only their first block, so eight people's first
    /// blocks are computed at once (the 32×32→64-bit products become vector multiplies);
    /// long sequences of one stream (a household shuffle) take eight blocks at a time.
    @inlinable
    public static func blocks(counters: Lanes, key: Key) -> Lanes {
        var x0 = counters.word0, x1 = counters.word1, x2 = counters.word2, x3 = counters.word3
        var k0 = key.word0, k1 = key.word1
        let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53), m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
        for _ in 0..<10 {
            let p0 = SIMD8<UInt64>(truncatingIfNeeded: x0) &* m0
            let p1 = SIMD8<UInt64>(truncatingIfNeeded: x2) &* m1
            x0 = SIMD8<UInt32>(truncatingIfNeeded: p1 &>> 32) ^ x1 ^ SIMD8(repeating: k0)
            x1 = SIMD8<UInt32>(truncatingIfNeeded: p1)
            x2 = SIMD8<UInt32>(truncatingIfNeeded: p0 &>> 32) ^ x3 ^ SIMD8(repeating: k1)
            x3 = SIMD8<UInt32>(truncatingIfNeeded: p0)
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return Lanes(x0, x1, x2, x3)
    }
}

extension Philox4x32 {
    /// The sixteen blocks of `counter` with word `varying` (0 or 1) plus 0, 1, …, 15 (wrapping),
    /// under `key`, written to `blocks[0 ..< 16]` in that order: bit for bit sixteen
    /// ``block(counter:key:)``s.
    ///
    /// Why: a county-year's people's first blocks (word 1 is the person) and a long run of one
    /// stream's blocks (``RandomStream/fill(_:)``, word 0 is the block). Where the CPU has AVX2
    /// they are computed by `fundsim_philox16_avx2` (C): eight lanes per 256-bit vector and two
    /// sets of them, so that one set's multiplies run while the other's wait (one set's rounds
    /// are a chain of dependent multiplies). Otherwise by two ``blocks(counters:key:)``.
    @inlinable
    public static func sixteenBlocks(from counter: Block, varying: Int, key: Key, into blocks: UnsafeMutablePointer<Block>) {
        precondition(varying == 0 || varying == 1, "Philox4x32.sixteenBlocks: word 0 or 1 varies")
        var words = counter
        let done = withUnsafeBytes(of: &words) { counterWords in
            blocks.withMemoryRebound(to: UInt32.self, capacity: 64) { out in
                fundsim_philox16_avx2(counterWords.baseAddress!.assumingMemoryBound(to: UInt32.self), Int32(varying),
                                      key.word0, key.word1, out)
            }
        }
        if done == 0 { portableSixteenBlocks(from: counter, varying: varying, key: key, into: blocks) }
    }

    /// ``sixteenBlocks(from:varying:key:into:)`` by two ``blocks(counters:key:)``: on CPUs without
    /// AVX2, and for the tests, which compare the two ways.
    @inlinable
    public static func portableSixteenBlocks(from counter: Block, varying: Int, key: Key, into blocks: UnsafeMutablePointer<Block>) {
        for half in 0..<2 {
            let step = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7) &+ UInt32(8 &* half)
            let w0 = SIMD8<UInt32>(repeating: counter.word0) &+ (varying == 0 ? step : .zero)
            let w1 = SIMD8<UInt32>(repeating: counter.word1) &+ (varying == 1 ? step : .zero)
            Philox4x32.blocks(counters: .init(w0, w1, SIMD8(repeating: counter.word2), SIMD8(repeating: counter.word3)), key: key)
                .store(into: blocks + 8 &* half)
        }
    }
}

extension Philox4x32 {
    /// The blocks of `counter` and of the three counters after it (word 0 plus 1, 2, 3, wrapping),
    /// under `key`, in vector code: bit for bit four ``block(counter:key:)``s, for about 1.7× the
    /// time of one (measured; one block's rounds are a chain of dependent multiplies).
    ///
    /// Why: a person-year that needs a block beyond its first almost always needs the next two
    /// as well (the events' numbers), so ``RandomStream`` computes them four at a time.
    @inlinable
    public static func fourBlocks(from counter: Block, key: Key) -> (Block, Block, Block, Block) {
        var x0 = SIMD4<UInt32>(0, 1, 2, 3) &+ counter.word0
        var x1 = SIMD4<UInt32>(repeating: counter.word1)
        var x2 = SIMD4<UInt32>(repeating: counter.word2)
        var x3 = SIMD4<UInt32>(repeating: counter.word3)
        var k0 = key.word0, k1 = key.word1
        let m0 = SIMD4<UInt64>(repeating: 0xD251_1F53), m1 = SIMD4<UInt64>(repeating: 0xCD9E_8D57)
        for _ in 0..<10 {
            let p0 = SIMD4<UInt64>(truncatingIfNeeded: x0) &* m0
            let p1 = SIMD4<UInt64>(truncatingIfNeeded: x2) &* m1
            x0 = SIMD4<UInt32>(truncatingIfNeeded: p1 &>> 32) ^ x1 ^ SIMD4(repeating: k0)
            x1 = SIMD4<UInt32>(truncatingIfNeeded: p1)
            x2 = SIMD4<UInt32>(truncatingIfNeeded: p0 &>> 32) ^ x3 ^ SIMD4(repeating: k1)
            x3 = SIMD4<UInt32>(truncatingIfNeeded: p0)
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return (Block(x0[0], x1[0], x2[0], x3[0]), Block(x0[1], x1[1], x2[1], x3[1]),
                Block(x0[2], x1[2], x2[2], x3[2]), Block(x0[3], x1[3], x2[3], x3[3]))
    }
}

extension RandomStream {
    /// Creates the stream for `key` (whose Philox key the caller computed, `philoxKey` =
    /// `key.philoxKey`) with its first block already computed, e.g. by
    /// ``Philox4x32/blocks(counters:key:)`` for eight people at once: the stream then
    /// gives exactly the numbers of ``init(key:philoxKey:)``, without computing block 0 again.
    /// `firstBlock` must be `Philox4x32.block(counter: key.philoxCounter(block: 0), key: philoxKey)`.
    @inlinable
    public init(key: StreamKey, philoxKey: Philox4x32.Key, firstBlock: Philox4x32.Block) {
        self.init(key: key, philoxKey: philoxKey)
        buffer = firstBlock
        counter.word0 = 1
        blocksUsed = 1
        remaining = 4
    }

    /// The stream of person `person` of the same (seed, purpose, draw, county, year) as
    /// `self` (whatever its position), given its first block (see ``init(key:philoxKey:firstBlock:)``): the person
    /// streams of a county-year without building and checking a ``StreamKey`` each.
    @inlinable @inline(__always)
    public func sibling(person: UInt32, firstBlock: Philox4x32.Block) -> RandomStream {
        var siblingKey = key
        siblingKey.person = person
        return RandomStream(key: siblingKey, philoxKey: philoxKey, counter: Philox4x32.Block(1, person, counter.word2, counter.word3),
                            buffer: firstBlock)
    }

    /// A stream positioned after its first block, `buffer`, whose words are all unread.
    @inlinable @inline(__always)
    init(key: StreamKey, philoxKey: Philox4x32.Key, counter: Philox4x32.Block, buffer: Philox4x32.Block) {
        self.key = key
        self.philoxKey = philoxKey
        self.counter = counter
        self.blocksUsed = 1
        self.buffer = buffer
        self.remaining = 4
    }

    /// Writes the stream's next `words.count` 32-bit words into `words`: exactly what as many
    /// ``nextUInt32()`` calls return, with the whole blocks computed eight at a time.
    @inlinable
    public mutating func fill(_ words: UnsafeMutableBufferPointer<UInt32>) {
        var i = 0
        let n = words.count
        // The current block's unread words first, and the spare blocks'.
        while i < n && (remaining > 0 || spareCount > 0) {
            words[i] = nextUInt32()
            i &+= 1
        }
        // Then sixteen blocks (64 words) at a time, then eight.
        while n &- i >= 64 {
            precondition(blocksUsed &+ 16 <= UInt64(UInt32.max) &+ 1, "RandomStream: 2^32 blocks exhausted")
            (words.baseAddress! + i).withMemoryRebound(to: Philox4x32.Block.self, capacity: 16) {
                Philox4x32.sixteenBlocks(from: counter, varying: 0, key: philoxKey, into: $0)
            }
            i &+= 64
            counter.word0 &+= 16
            blocksUsed &+= 16
        }
        while n &- i >= 32 {
            precondition(blocksUsed &+ 8 <= UInt64(UInt32.max) &+ 1, "RandomStream: 2^32 blocks exhausted")
            let c = counter.word0
            let index = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7) &+ c
            let out = Philox4x32.blocks(counters: .init(index, SIMD8(repeating: counter.word1), SIMD8(repeating: counter.word2),
                                                        SIMD8(repeating: counter.word3)), key: philoxKey)
            for b in 0..<8 {
                words[i] = out.word0[b]
                words[i &+ 1] = out.word1[b]
                words[i &+ 2] = out.word2[b]
                words[i &+ 3] = out.word3[b]
                i &+= 4
            }
            counter.word0 = c &+ 8
            blocksUsed &+= 8
        }
        while i < n {
            words[i] = nextUInt32()
            i &+= 1
        }
    }
}
