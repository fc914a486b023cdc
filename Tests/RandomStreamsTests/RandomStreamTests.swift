import Testing
import RandomStreams

@Suite("Random streams keyed by (seed, draw, county, year, person, purpose)")
struct RandomStreamTests {
    static let base = StreamKey(
        seed: 20_240_601, purpose: .diseaseOnset, draw: 7, county: 3, year: 2025, person: 12)

    static func words(_ key: StreamKey, _ count: Int = 16) -> [UInt32] {
        var stream = RandomStream(key: key)
        return (0..<count).map { _ in stream.nextUInt32() }
    }

    @Test("the same key gives the same sequence")
    func sameKeySameSequence() {
        #expect(Self.words(Self.base, 1000) == Self.words(Self.base, 1000))
    }

    @Test("a stream does not depend on other streams having been drawn")
    func pureFunctionOfKey() {
        let alone = Self.words(Self.base, 64)
        // Draw heavily from neighbouring streams, interleaved with the one under test.
        var neighbours = (0..<5).map { person in
            RandomStream(key: StreamKey(
                seed: 20_240_601, purpose: .diseaseOnset, draw: 7, county: 3, year: 2025,
                person: UInt32(person)))
        }
        var stream = RandomStream(key: Self.base)
        var interleaved: [UInt32] = []
        for i in 0..<64 {
            for j in neighbours.indices { _ = neighbours[j].nextUInt64() }
            if i % 3 == 0 { _ = Self.words(Self.base, 5) }
            interleaved.append(stream.nextUInt32())
        }
        #expect(interleaved == alone)
    }

    @Test("the stream is Philox4x32-10 on the documented counter and key layout")
    func documentedLayout() {
        let key = Self.base
        let purposeMix = splitMix64(0x9E37_79B9_7F4A_7C15 &* (UInt64(key.purpose.rawValue) + 1))
        let philoxKey = Philox4x32.Key(splitMix64(key.seed ^ purposeMix))
        #expect(key.philoxKey == philoxKey)
        var expected: [UInt32] = []
        for block in UInt32(0)..<3 {
            let out = Philox4x32.block(
                counter: .init(block, 12, 7, 3 << 12 | 2025), key: philoxKey)
            expected += [out.word0, out.word1, out.word2, out.word3]
        }
        #expect(Self.words(key, 12) == expected)
    }

    @Test("changing any one coordinate changes the stream")
    func everyCoordinateMatters() {
        var variants: [StreamKey] = [Self.base]
        var k = Self.base
        k.seed += 1; variants.append(k); k = Self.base
        k.purpose = .treatmentCost; variants.append(k); k = Self.base
        k.draw += 1; variants.append(k); k = Self.base
        k.county += 1; variants.append(k); k = Self.base
        k.year += 1; variants.append(k); k = Self.base
        k.person += 1; variants.append(k)
        let sequences = variants.map { Self.words($0, 8) }
        #expect(Set(sequences).count == variants.count)
    }

    @Test("county and year occupy disjoint counter bits")
    func countyAndYearDoNotAlias() {
        // Word 3 is county << 12 | year; if the shift were too small, the largest year
        // would spill into the county bits and these counters would collide.
        let a = StreamKey(seed: 1, purpose: .population, draw: 0, county: 1, year: 0, person: 0)
        let b = StreamKey(seed: 1, purpose: .population, draw: 0, county: 0, year: 4095, person: 0)
        let c = StreamKey(seed: 1, purpose: .population, draw: 0, county: 1_048_575, year: 4095, person: 0)
        let counters = [a, b, c].map { $0.philoxCounter(block: 0) }
        #expect(Set(counters).count == 3)
        #expect(StreamKey.isValid(county: 999_999, year: 2025))
        #expect(!StreamKey.isValid(county: 1 << 20, year: 2025))
        #expect(!StreamKey.isValid(county: 0, year: 4096))
    }

    @Test("purposes sharing one seed give distinct Philox keys")
    func purposesGiveDistinctKeys() {
        let keys = (UInt32(0)..<1000).map { p in
            StreamKey(seed: 42, purpose: StreamPurpose(rawValue: p), draw: 0, county: 0, year: 0, person: 0)
                .philoxKey
        }
        #expect(Set(keys).count == 1000)
    }

    @Test("nextUInt64 joins two words, first word high; doubles lie in (0, 1)")
    func wordAssembly() {
        let w = Self.words(Self.base, 6)
        var s = RandomStream(key: Self.base)
        _ = s.nextUInt32()  // misalign: the pair straddles a block boundary later
        #expect(s.nextUInt64() == UInt64(w[1]) << 32 | UInt64(w[2]))
        #expect(s.nextUInt64() == UInt64(w[3]) << 32 | UInt64(w[4]))
        var t = RandomStream(key: Self.base)
        for _ in 0..<10_000 {
            let u = t.nextDouble(), v = t.nextDouble32()
            #expect(u > 0 && u < 1 && v > 0 && v < 1)
        }
    }

    @Test("open-interval doubles map the extreme words inside (0, 1)")
    func extremeWords() {
        struct Constant: RandomSource {
            var value: UInt64
            mutating func nextUInt32() -> UInt32 { UInt32(truncatingIfNeeded: value) }
            mutating func nextUInt64() -> UInt64 { value }
        }
        var zero = Constant(value: 0), ones = Constant(value: .max)
        #expect(zero.nextDouble() == 0x1p-53)
        #expect(ones.nextDouble() == 1 - 0x1p-53)
        #expect(zero.nextDouble32() == 0x1p-33)
        #expect(ones.nextDouble32() < 1)
    }

    @Test("streams differing only in person are uncorrelated")
    func neighbouringPersonsUncorrelated() {
        // Sample correlation of n independent pairs has standard error 1/sqrt(n);
        // 5 standard errors is a bound that holds with probability 1 - 6e-7.
        let n = 20_000
        var xs: [Double] = [], ys: [Double] = []
        for i in 0..<UInt32(n) {
            var a = RandomStream(key: StreamKey(seed: 9, purpose: .population, draw: 0, county: 0, year: 0, person: i))
            var b = RandomStream(key: StreamKey(seed: 9, purpose: .population, draw: 0, county: 0, year: 0, person: i + 1))
            xs.append(a.nextDouble()); ys.append(b.nextDouble())
        }
        let mx = xs.reduce(0, +) / Double(n), my = ys.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            sxy += (xs[i] - mx) * (ys[i] - my)
            sxx += (xs[i] - mx) * (xs[i] - mx)
            syy += (ys[i] - my) * (ys[i] - my)
        }
        let r = sxy / (sxx * syy).squareRoot()
        #expect(abs(r) < 5 / Double(n).squareRoot())
    }

    @Test("a stream drives the standard library's random APIs reproducibly")
    func standardLibraryInterop() {
        var a = RandomStream(key: Self.base), b = RandomStream(key: Self.base)
        let x = (0..<100).map { _ in Int.random(in: 0..<1000, using: &a) }
        let y = (0..<100).map { _ in Int.random(in: 0..<1000, using: &b) }
        #expect(x == y)
    }
}

@Suite("Given uniforms")
struct GivenUniformTests {
    @Test("a categorical draw of a given uniform is the draw of the same uniform from a stream")
    func categoricalGivenUniform() {
        let categorical = Categorical(weights: [0.1, 0.25, 0.05, 0.4, 0.2])
        var a = RandomStream(seed: 5, purpose: .healthCareUse, draw: 1, county: 2, year: 2017, person: 3)
        var b = a
        for _ in 0..<10_000 { #expect(categorical.sample(&a) == categorical.sample(uniform: b.nextDouble())) }
    }

    @Test("a stream made with its precomputed Philox key is the stream of the key")
    func precomputedKey() {
        let key = StreamKey(seed: 77, purpose: .healthCareUse, draw: 4, county: 9, year: 2018, person: 123)
        var a = RandomStream(key: key)
        var b = RandomStream(key: key, philoxKey: StreamKey(seed: 77, purpose: .healthCareUse, draw: 0, county: 0, year: 0, person: 0).philoxKey)
        for _ in 0..<100 { #expect(a.nextUInt32() == b.nextUInt32()) }
    }
}

@Suite("Four words at once")
struct FourWordsTests {
    @Test("nextFourWords gives the words of four nextUInt32 calls, at a block boundary or not")
    func sameWords() {
        for offset in 0..<4 {
            var a = RandomStream(seed: 9, purpose: .healthCareUse, draw: 2, county: 1, year: 2017, person: 8)
            var b = a
            for _ in 0..<offset { _ = a.nextUInt32(); _ = b.nextUInt32() }
            for _ in 0..<5 {
                let block = a.nextFourWords()
                #expect([block.word0, block.word1, block.word2, block.word3] == [b.nextUInt32(), b.nextUInt32(), b.nextUInt32(), b.nextUInt32()])
            }
        }
    }

    @Test("a stream holding a whole unread block (given its first) hands it out, then goes on as four nextUInt32 calls would")
    func wholeUnreadBlock() {
        let key = StreamKey(seed: 9, purpose: .healthCareUse, draw: 2, county: 1, year: 2017, person: 8)
        let first = Philox4x32.block(counter: key.philoxCounter(block: 0), key: key.philoxKey)
        for mix in 0..<3 {
            var a = RandomStream(key: key, philoxKey: key.philoxKey, firstBlock: first)
            var b = RandomStream(key: key)
            for round in 0..<6 {
                // After the first block: whole blocks, single words and wide words, interleaved.
                if round == 0 || mix == 0 {
                    let block = a.nextFourWords()
                    #expect([block.word0, block.word1, block.word2, block.word3] == [b.nextUInt32(), b.nextUInt32(), b.nextUInt32(), b.nextUInt32()])
                } else if mix == 1 {
                    #expect(a.nextUInt32() == b.nextUInt32())
                } else {
                    #expect(a.nextUInt64() == b.nextUInt64())
                }
            }
        }
    }
}
