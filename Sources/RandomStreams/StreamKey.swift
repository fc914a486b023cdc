/// The coordinates of one random stream: which forecast (seed), which Monte Carlo
/// draw, which county, year and person, and what the numbers are for.
///
/// A stream is a pure function of its key, so any subset of the work (say draw 7,
/// county 3, person 12) can be recomputed alone and gives the same numbers as in
/// the full run. The key maps onto Philox4x32-10 without hashing, so two
/// different keys can never share a stream:
///
/// - Philox key (64 bits) = `splitMix64(seed ^ splitMix64(0x9E3779B97F4A7C15 &* (purpose + 1)))`.
///   Both steps are bijections, so for a fixed seed distinct purposes get distinct
///   keys and for a fixed purpose distinct seeds do; a collision across both needs
///   `seed1 ^ seed2` to equal a pseudo-random 64-bit value fixed by the purposes.
/// - Philox counter (128 bits): word 0 = block index within the stream (32 bits,
///   so a stream holds 2^32 blocks = 2^34 `UInt32`s), word 1 = `person`,
///   word 2 = `draw`, word 3 = `county << 12 | year`.
///
/// Hence `draw` and `person` take all 32 bits, `county` at most 20 bits
/// (`< 1_048_576`: a dense index or any six-digit GB/T 2260 code, which is at
/// most 999 999) and `year` at most 12 bits (`< 4096`: a calendar year or an
/// index). Out-of-range values stop the program with a precondition failure;
/// code that reads counties or years from data should check them first with
/// ``isValid(county:year:)``.
public struct StreamKey: Hashable, Sendable {
    /// The forecast's seed, as given by the user.
    public var seed: UInt64
    /// What the stream is used for; distinct purposes get independent keys.
    public var purpose: StreamPurpose
    /// The Monte Carlo draw (replicate) number.
    public var draw: UInt32
    /// The county: a dense index or a GB/T 2260 code, below ``countyLimit``.
    public var county: UInt32
    /// The year: a calendar year or a year index, below ``yearLimit``.
    public var year: UInt32
    /// The person within the county (use 0 for streams not tied to a person).
    public var person: UInt32

    /// Counties must be below 2^20: the bits left for them in counter word 3.
    public static let countyLimit: UInt32 = 1 << 20
    /// Years must be below 2^12: the bits left for them in counter word 3.
    public static let yearLimit: UInt32 = 1 << 12

    /// Whether a county and year fit the counter layout; use it to validate input
    /// data before building keys, since the initializer traps on bad values.
    @inlinable
    public static func isValid(county: UInt32, year: UInt32) -> Bool {
        county < countyLimit && year < yearLimit
    }

    /// Creates the key of one stream. Traps unless `county < countyLimit` and
    /// `year < yearLimit` (see ``isValid(county:year:)``).
    @inlinable
    public init(
        seed: UInt64, purpose: StreamPurpose, draw: UInt32,
        county: UInt32, year: UInt32, person: UInt32
    ) {
        precondition(county < Self.countyLimit, "StreamKey: county must be below 2^20")
        precondition(year < Self.yearLimit, "StreamKey: year must be below 2^12")
        self.seed = seed
        self.purpose = purpose
        self.draw = draw
        self.county = county
        self.year = year
        self.person = person
    }

    /// The Philox key: SplitMix64 of the seed xor a SplitMix64-scrambled purpose.
    @inlinable
    public var philoxKey: Philox4x32.Key {
        let purposeMix = splitMix64(SplitMix64.increment &* (UInt64(purpose.rawValue) &+ 1))
        return Philox4x32.Key(splitMix64(seed ^ purposeMix))
    }

    /// The Philox counter of the stream's block number `block`.
    @inlinable
    public func philoxCounter(block: UInt32) -> Philox4x32.Block {
        Philox4x32.Block(block, person, draw, county << 12 | year)
    }
}
