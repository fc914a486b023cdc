import Testing
import RandomStreams

/// Known-answer tests from Random123's `tests/kat_vectors` (the three
/// `philox4x32 10` lines: counter words 0-3, key words 0-1, then the expected
/// output words 0-3, all hex). Matching all three pins the multipliers, the Weyl
/// key schedule, the word permutation and the round count.
@Suite("Philox4x32-10 known answers")
struct PhiloxTests {
    @Test("ctr = 0, key = 0")
    func zeroVector() {
        let out = Philox4x32.block(counter: .init(0, 0, 0, 0), key: .init(0, 0))
        #expect(out == .init(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
    }

    @Test("ctr = all ones, key = all ones")
    func allOnesVector() {
        let ones = UInt32.max
        let out = Philox4x32.block(counter: .init(ones, ones, ones, ones), key: .init(ones, ones))
        #expect(out == .init(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
    }

    @Test("ctr, key = digits of pi")
    func piVector() {
        let out = Philox4x32.block(
            counter: .init(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344),
            key: .init(0xa409_3822, 0x299f_31d0))
        #expect(out == .init(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }

    @Test("the 64-bit key constructor puts the low half in word 0")
    func keyFromUInt64() {
        #expect(Philox4x32.Key(0x299f_31d0_a409_3822) == Philox4x32.Key(0xa409_3822, 0x299f_31d0))
    }
}
