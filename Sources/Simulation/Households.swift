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
    /// Scratch: the shuffled household slots of one status.
    private var slots: [Int32] = []
    /// Scratch: the shuffle's random words.
    private var words: [UInt32] = []

    /// Creates an empty assignment (buffers reused across county-years).
    public init() {}

    /// Assigns the people of `cells` (counts per cell of `population`) to households.
    public mutating func assign(cells: [Int], population: PopulationModel, sizes: Categorical, stream: inout RandomStream) {
        let people = cells.reduce(0, +)
        householdOf.removeAll(keepingCapacity: true)
        householdOf.reserveCapacity(people)
        status.removeAll(keepingCapacity: true)
        count = 0
        // People of each status in visiting order, and the household slot each gets.
        var byStatus: [[Int32]] = []
        for s in PovertyStatus.allCases {
            var n = 0
            for band in population.ageBandLowerBounds.indices {
                for sex in Sex.allCases { n += cells[population.cell(band: band, sex: sex, status: s)] }
            }
            slots.removeAll(keepingCapacity: true)
            var left = n
            while left > 0 {
                let size = min(left, sizes.sample(&stream) &+ 1)
                for _ in 0..<size { slots.append(Int32(count)) }
                status.append(s)
                count += 1
                left -= size
            }
            // Fisher–Yates: member places are a uniform random permutation. The index is
            // ⌊u32 · (i + 1) / 2^32⌋ (Lemire's multiply-shift; bias below (i + 1) / 2^32),
            // one 32-bit number per place.
            // The words are the stream's next ones in order, computed eight blocks at a time.
            let places = slots.count
            if words.count < places { words = [UInt32](repeating: 0, count: places) }
            words.withUnsafeMutableBufferPointer { words in
                stream.fill(UnsafeMutableBufferPointer(rebasing: words[0 ..< max(0, places &- 1)]))
                slots.withUnsafeMutableBufferPointer { buffer in
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
            byStatus.append(slots)
        }
        // Each cell's people take the next places of their status, in visiting order.
        var next = [Int](repeating: 0, count: PovertyStatus.allCases.count)
        for band in population.ageBandLowerBounds.indices {
            for sex in Sex.allCases {
                for s in PovertyStatus.allCases {
                    let n = cells[population.cell(band: band, sex: sex, status: s)]
                    householdOf.append(contentsOf: byStatus[s.rawValue][next[s.rawValue] ..< next[s.rawValue] + n])
                    next[s.rawValue] += n
                }
            }
        }
    }
}
