/// The Philox4x32-10 counter-based bijection of Salmon, Moraes, Dror and Shaw
/// ("Parallel Random Numbers: As Easy as 1, 2, 3", SC11; the Random123 library).
///
/// A counter-based generator has no hidden state: the 128-bit output block is a
/// pure function of a 128-bit counter and a 64-bit key, so any block can be
/// recomputed on its own. That is what lets fundsim recompute one county, one
/// person or one Monte Carlo draw without replaying anything else.
public enum Philox4x32 {
    /// Four 32-bit words: the input counter, or an output block of the bijection.
    public struct Block: Hashable, Sendable {
        /// Word 0 (Random123 `ctr.v[0]`).
        public var word0: UInt32
        /// Word 1 (Random123 `ctr.v[1]`).
        public var word1: UInt32
        /// Word 2 (Random123 `ctr.v[2]`).
        public var word2: UInt32
        /// Word 3 (Random123 `ctr.v[3]`).
        public var word3: UInt32

        /// Creates a block from its four words, in Random123 order.
        @inlinable
        public init(_ word0: UInt32, _ word1: UInt32, _ word2: UInt32, _ word3: UInt32) {
            self.word0 = word0
            self.word1 = word1
            self.word2 = word2
            self.word3 = word3
        }
    }

    /// The 64-bit key of the bijection, as two 32-bit words; each key selects an
    /// independent permutation of the counter space.
    public struct Key: Hashable, Sendable {
        /// Key word 0 (Random123 `key.v[0]`).
        public var word0: UInt32
        /// Key word 1 (Random123 `key.v[1]`).
        public var word1: UInt32

        /// Creates a key from its two words, in Random123 order.
        @inlinable
        public init(_ word0: UInt32, _ word1: UInt32) {
            self.word0 = word0
            self.word1 = word1
        }

        /// Creates a key from a 64-bit value: the low half is word 0, the high half word 1.
        @inlinable
        public init(_ value: UInt64) {
            self.init(UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32))
        }
    }

    /// Returns the output block for `counter` under `key`: ten rounds of Philox4x32,
    /// bit-for-bit equal to Random123's `philox4x32(ctr, key)`. Ten rounds is
    /// Random123's default (seven already pass BigCrush; ten leave a margin).
    ///
    /// Each round is Random123's S-box: two 32×32→64-bit products by the
    /// multipliers 0xD2511F53 and 0xCD9E8D57, a word permutation mixed with the
    /// round key, then the Weyl key schedule (+0x9E3779B9, +0xBB67AE85). The
    /// constants are literals and the state is in locals so that even a debug
    /// build, where tests run, does no accessor calls or struct copies per round.
    @inlinable
    public static func block(counter: Block, key: Key) -> Block {
        var x0 = counter.word0, x1 = counter.word1, x2 = counter.word2, x3 = counter.word3
        var k0 = key.word0, k1 = key.word1
        for _ in 0..<10 {
            let (hi0, lo0) = (0xD251_1F53 as UInt32).multipliedFullWidth(by: x0)
            let (hi1, lo1) = (0xCD9E_8D57 as UInt32).multipliedFullWidth(by: x2)
            x0 = hi1 ^ x1 ^ k0
            x1 = lo1
            x2 = hi0 ^ x3 ^ k1
            x3 = lo0
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return Block(x0, x1, x2, x3)
    }
}
