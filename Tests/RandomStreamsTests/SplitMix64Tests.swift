import Testing
import RandomStreams

/// The one SplitMix64 generator: the reference sequence, so every synthetic
/// input made from it (random claims files, benchmark claims, test matrices) keeps its bytes.
@Suite struct SplitMix64Tests {
    /// The first outputs of the reference implementation (Vigna, `splitmix64.c`) seeded with 1234567.
    @Test func matchesTheReferenceSequence() {
        var g = SplitMix64(seed: 1_234_567)
        let first = (0..<5).map { _ in g.next() }
        #expect(first == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                          4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    @Test func outputIsTheMixOfTheAdvancedCounter() {
        var g = SplitMix64(seed: 42)
        #expect(g.next() == splitMix64(42 &+ SplitMix64.increment))
        #expect(g.state == 42 &+ SplitMix64.increment)
        #expect(g.next() == splitMix64(42 &+ 2 &* SplitMix64.increment))
    }
}
