import Settlement
import RandomStreams

/// The households (户) of one county-year: the registered poor are organised in
/// households whose sizes follow the scenario's distribution, and every member
/// of a household shares its county and poverty status (POLICY.md section 1).
///
/// For each poverty status, household sizes are drawn from the distribution
/// until they hold the status's people (the last household takes the
/// remainder), and the members' places are a random permutation of the status's
/// people in the order the simulator visits them (age band, sex): so a
/// household's ages and sexes are a random draw from its status's people. All of
/// it comes from one stream keyed by (seed, draw, county, year) with the
/// population purpose, independent of the claims' streams, so adding households
/// changed no claim and results do not depend on threads.
public struct HouseholdAssignment: Sendable {
    /// Household of each person, in the simulator's visiting order.
    public private(set) var householdOf: [Int32] = []
    /// Households of the county-year (in-poverty households first).
    public private(set) var count = 0
    /// Poverty status of each household.
    public private(set) var status: [PovertyStatus] = []
    /// Scratch: every status's household slots (places), status after status, each status's shuffled.
    private var slots: [Int32] = []
    /// Scratch: the stream's words for a batch of household sizes, or for a shuffle.
    private var words: [UInt32] = []

    /// Creates an empty assignment (buffers reused across county-years).
    public init() {}

    /// Assigns the people of `cells` (counts per cell of `population`) to households.
    ///
    /// The stream's numbers are used exactly in the order of the type's description (each
    /// status's sizes, then its shuffle), but computed eight blocks at a time
    /// (``RandomStream/fill(_:)``): the sizes in batches of as many draws as are certainly
    /// needed, so no word is computed that the one-at-a-time draws would not have used.
    public mutating func assign(cells: [Int], population: PopulationModel, sizes: Categorical, stream: inout RandomStream) {
        let people = cells.reduce(0, +)
        householdOf.removeAll(keepingCapacity: true)
        householdOf.reserveCapacity(people)
        status.removeAll(keepingCapacity: true)
        count = 0
        precondition(people <= Int(Int32.max), "HouseholdAssignment: more people than Int32 numbers")
        // Room for the last household's whole-vector writes (see below).
        if slots.count < people &+ Self.slotChunk { slots = [Int32](repeating: 0, count: people &+ Self.slotChunk) }
        // A household holds at most `largest` people (sizes are category index + 1).
        let largest = sizes.probabilities.count
        // Where each status's places start in `slots`.
        var firstPlace = [Int](repeating: 0, count: PovertyStatus.allCases.count)
        var place = 0
        for s in PovertyStatus.allCases {
            var n = 0
            for band in population.ageBandLowerBounds.indices {
                for sex in Sex.allCases { n += cells[population.cell(band: band, sex: sex, status: s)] }
            }
            firstPlace[s.rawValue] = place
            let firstHousehold = count
            var left = n
            while left > 0 {
                // At least ⌈left / largest⌉ more sizes are drawn: fewer cannot hold `left` people,
                // so all of them are, and their words (two per size) are computed at once.
                let draws = (left &+ largest &- 1) / largest
                fillWords(2 &* draws, from: &stream)
                words.withUnsafeBufferPointer { words in
                    slots.withUnsafeMutableBufferPointer { slots in
                        let out = UnsafeMutableRawPointer(slots.baseAddress!)
                        var household = Int32(truncatingIfNeeded: count)
                        for d in 0..<draws {
                            // `sizes.sample` of the words' UInt64 (first word high), without a branch.
                            let u = UInt64(words[2 &* d]) << 32 | UInt64(words[2 &* d &+ 1])
                            let size = min(left, sizes.sample(uniform: uniform52(u)) &+ 1)
                            // The household's places, whole vectors at a time: the places past
                            // `size` belong to later households (or statuses), which overwrite them,
                            // or to the spare room at the end of `slots`.
                            var offset = 0
                            repeat {
                                out.storeBytes(of: SIMD8<Int32>(repeating: household), toByteOffset: (place &+ offset) &* 4,
                                               as: SIMD8<Int32>.self)
                                offset &+= Self.slotChunk
                            } while offset < size
                            household &+= 1
                            left &-= size
                            place &+= size
                        }
                        count = Int(household)
                    }
                }
            }
            status.append(contentsOf: repeatElement(s, count: count &- firstHousehold))
            // Fisher–Yates: member places are a uniform random permutation. The index is
            // ⌊u32 · (i + 1) / 2^32⌋ (Lemire's multiply-shift; bias below (i + 1) / 2^32),
            // one 32-bit number per place.
            fillWords(max(0, n &- 1), from: &stream)
            words.withUnsafeBufferPointer { words in
                slots.withUnsafeMutableBufferPointer { slots in
                    let buffer = UnsafeMutableBufferPointer(rebasing: slots[firstPlace[s.rawValue] ..< place])
                    var i = buffer.count &- 1
                    var w = 0
                    while i > 0 {
                        let j = Int(truncatingIfNeeded: (UInt64(words[w]) &* UInt64(i &+ 1)) >> 32)
                        buffer.swapAt(i, j)
                        i &-= 1
                        w &+= 1
                    }
                }
            }
        }
        // Each cell's people take the next places of their status, in visiting order.
        var next = firstPlace
        slots.withUnsafeBufferPointer { slots in
            for band in population.ageBandLowerBounds.indices {
                for sex in Sex.allCases {
                    for s in PovertyStatus.allCases {
                        let n = cells[population.cell(band: band, sex: sex, status: s)]
                        householdOf.append(contentsOf: UnsafeBufferPointer(rebasing: slots[next[s.rawValue] ..< next[s.rawValue] &+ n]))
                        next[s.rawValue] &+= n
                    }
                }
            }
        }
    }

    /// Places a household's members are written at a time (one `SIMD8<Int32>` store); `slots`
    /// has this many spare places after the people's.
    static let slotChunk = 8

    /// Puts the stream's next `n` words into `words[0 ..< n]`.
    private mutating func fillWords(_ n: Int, from stream: inout RandomStream) {
        if words.count < n { words = [UInt32](repeating: 0, count: max(n, 2 &* words.count)) }
        words.withUnsafeMutableBufferPointer { stream.fill(UnsafeMutableBufferPointer(rebasing: $0[0 ..< n])) }
    }
}
