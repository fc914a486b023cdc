import PropertyBased
import RandomStreams
import Testing

/// The vector Philox (eight blocks at once) against the scalar one, and the streams
/// built on it against the plain ``RandomStream``: the same words, bit for bit.
@Suite struct PhiloxLanesTests {
    static let word = Gen.uint32(in: 0...UInt32.max)

    @Test func eightLanesMatchTheScalarBlock() async {
        await propertyCheck(count: 300, input: zip(Self.word.array(of: 32), Self.word, Self.word)) { words, k0, k1 in
            let key = Philox4x32.Key(k0, k1)
            func lane(_ w: Int) -> SIMD8<UInt32> { SIMD8((0..<8).map { words[w * 8 + $0] }) }
            let out = Philox4x32.blocks(counters: .init(lane(0), lane(1), lane(2), lane(3)), key: key)
            for i in 0..<8 {
                let counter = Philox4x32.Block(words[i], words[8 + i], words[16 + i], words[24 + i])
                #expect(out[i] == Philox4x32.block(counter: counter, key: key))
            }
        }
    }

    /// Sixteen blocks with word 0 or word 1 varying (from anywhere, wrapping past 2^32 − 1),
    /// in AVX2 where the CPU has it and in portable code: each the scalar block.
    @Test func sixteenBlocksMatchTheScalarBlock() async {
        #expect(MemoryLayout<Philox4x32.Block>.stride == 16)
        await propertyCheck(count: 300, input: zip(Self.word.array(of: 4), Self.word, Self.word, Gen.int(in: 0...1), Gen.int(in: 0...1))) {
            words, k0, k1, varying, wrap in
            let key = Philox4x32.Key(k0, k1)
            var counter = Philox4x32.Block(words[0], words[1], words[2], words[3])
            if wrap == 1 { if varying == 0 { counter.word0 = UInt32.max - 7 } else { counter.word1 = UInt32.max - 3 } }
            let fast = UnsafeMutablePointer<Philox4x32.Block>.allocate(capacity: 16)
            let portable = UnsafeMutablePointer<Philox4x32.Block>.allocate(capacity: 16)
            defer { fast.deallocate(); portable.deallocate() }
            Philox4x32.sixteenBlocks(from: counter, varying: varying, key: key, into: fast)
            Philox4x32.portableSixteenBlocks(from: counter, varying: varying, key: key, into: portable)
            for i in 0..<16 {
                var c = counter
                if varying == 0 { c.word0 &+= UInt32(i) } else { c.word1 &+= UInt32(i) }
                let expected = Philox4x32.block(counter: c, key: key)
                #expect(fast[i] == expected, "block \(i)")
                #expect(portable[i] == expected, "block \(i)")
            }
        }
    }

    @Test func knownAnswerInEveryLane() {
        let ones = UInt32.max
        let all = SIMD8<UInt32>(repeating: ones)
        let out = Philox4x32.blocks(counters: .init(all, all, all, all), key: .init(ones, ones))
        for i in 0..<8 { #expect(out[i] == .init(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)) }
    }

    /// `fill` gives the words of as many `nextUInt32()` calls, from any position of the stream,
    /// and leaves the stream where they would.
    @Test func fillMatchesWordByWord() async {
        await propertyCheck(count: 300, input: zip(Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...9), Gen.int(in: 0...200),
                                                    Gen.int(in: 0...5))) { seed, skip, count, after in
            let key = StreamKey(seed: seed, purpose: .population, draw: 3, county: 17, year: 2019, person: 0)
            var plain = RandomStream(key: key)
            var filled = RandomStream(key: key)
            for _ in 0..<skip {
                _ = plain.nextUInt32()
                _ = filled.nextUInt32()
            }
            let expected = (0..<count).map { _ in plain.nextUInt32() }
            var words = [UInt32](repeating: 0, count: count)
            words.withUnsafeMutableBufferPointer { filled.fill($0) }
            #expect(words == expected)
            for _ in 0..<after { #expect(filled.nextUInt32() == plain.nextUInt32()) }
        }
    }

    @Test func fourBlocksMatchTheScalarBlocks() async {
        await propertyCheck(count: 300, input: zip(Self.word.array(of: 4), Self.word, Self.word)) { w, k0, k1 in
            let key = Philox4x32.Key(k0, k1)
            // Word 0 near the top too, where the following counters wrap.
            let counter = Philox4x32.Block(k1 % 2 == 0 ? w[0] : UInt32.max - w[0] % 3, w[1], w[2], w[3])
            let (a, b, c, d) = Philox4x32.fourBlocks(from: counter, key: key)
            for (i, block) in [a, b, c, d].enumerated() {
                var expected = counter
                expected.word0 &+= UInt32(i)
                #expect(block == Philox4x32.block(counter: expected, key: key))
            }
        }
    }

    /// Whatever mix of calls reads a stream (words, pairs of words, four words, fills of any
    /// length, a sibling's first block), it gives Philox4x32-10 of its counters 0, 1, 2, … in
    /// order, word 0 first: computing blocks four at a time (the spares) changes no number.
    @Test func anyMixOfCallsGivesTheBlocksInCounterOrder() async {
        await propertyCheck(count: 200, input: zip(Gen.uint64(in: 0...UInt64.max), Self.word, Gen.int(in: 0...4).array(of: 0...40),
                                                    Gen.int(in: 0...70))) { seed, person, operations, fillLength in
            let key = StreamKey(seed: seed, purpose: .healthCareUse, draw: 1, county: 9, year: 2019, person: person)
            var expected: [UInt32] = []
            var stream = person % 2 == 0 ? RandomStream(key: key)
                : RandomStream(key: key, philoxKey: key.philoxKey,
                               firstBlock: Philox4x32.block(counter: key.philoxCounter(block: 0), key: key.philoxKey))
            var read: [UInt32] = []
            for (i, operation) in operations.enumerated() {
                switch operation {
                case 0: read.append(stream.nextUInt32())
                case 1:
                    let value = stream.nextUInt64()
                    read += [UInt32(truncatingIfNeeded: value >> 32), UInt32(truncatingIfNeeded: value)]
                case 2:
                    let block = stream.nextFourWords()
                    read += [block.word0, block.word1, block.word2, block.word3]
                case 3:
                    var words = [UInt32](repeating: 0, count: (fillLength &+ i &* 13) % 71)
                    words.withUnsafeMutableBufferPointer { stream.fill($0) }
                    read += words
                default: _ = read.append(contentsOf: (0..<5).map { _ in stream.nextUInt32() })
                }
            }
            var block: UInt32 = 0
            while expected.count < read.count {
                let out = Philox4x32.block(counter: key.philoxCounter(block: block), key: key.philoxKey)
                expected += [out.word0, out.word1, out.word2, out.word3]
                block += 1
            }
            #expect(read == Array(expected.prefix(read.count)))
        }
    }

    /// A stream given its first block computed elsewhere (or a sibling of another person's
    /// stream given it) is the plain stream.
    @Test func givenFirstBlockIsThePlainStream() async {
        await propertyCheck(count: 200, input: zip(Gen.uint64(in: 0...UInt64.max), Self.word, Gen.int(in: 0...20))) { seed, person, count in
            let key = StreamKey(seed: seed, purpose: .healthCareUse, draw: 5, county: 2, year: 2018, person: person)
            let first = Philox4x32.block(counter: key.philoxCounter(block: 0), key: key.philoxKey)
            var plain = RandomStream(key: key)
            var given = RandomStream(key: key, philoxKey: key.philoxKey, firstBlock: first)
            // A sibling of another person's stream, at any position, is the same stream too.
            var other = RandomStream(key: StreamKey(seed: seed, purpose: .healthCareUse, draw: 5, county: 2, year: 2018, person: person &+ 1))
            for _ in 0..<count { _ = other.nextUInt32() }
            var sibling = other.sibling(person: person, firstBlock: first)
            #expect(sibling.key == key)
            #expect(given.nextFourWords() == plain.nextFourWords())
            #expect(sibling.nextFourWords() == given.buffer4(plain: key))
            for _ in 0..<count {
                let word = plain.nextUInt32()
                #expect(given.nextUInt32() == word)
                #expect(sibling.nextUInt32() == word)
            }
        }
    }
}

extension RandomStream {
    /// The first four words of the plain stream of `key` (test helper).
    fileprivate func buffer4(plain key: StreamKey) -> Philox4x32.Block {
        var stream = RandomStream(key: key)
        return stream.nextFourWords()
    }
}
