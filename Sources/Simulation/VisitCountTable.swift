/// The year's general-outpatient visit count of every age group as a function of the
/// 32-bit word it is drawn from, read from one flat table: exactly the count
/// ``PoissonTable/sample(uniform:)`` gives for `uniform32(word)`, for every word.
///
/// Why: the alias lookup behind nested arrays (the groups' tables, each table's
/// acceptance and alias arrays) cost a chain of dependent loads, bounds checks, a
/// float-to-integer conversion and an unpredictable branch per person-year (7% of the
/// simulation's profile), ahead of the visit cost that depends on it.
///
/// How: with u = (w + ½)/2³², the alias lookup takes column c = ⌊u·k⌋ and returns c when
/// u·k − c < acceptance[c], else alias[c]. u·k is non-decreasing in w (rounding is
/// monotone) and u·k − c is exact for c ≤ u·k < c + 1, so over the words the count is a
/// step function: per column, a run of c, then a run of alias[c]. The runs' starts are
/// found by bisection over the words with the alias lookup itself (so they are exact
/// whatever its rounding), and the word range is cut into 2^`bits` equal buckets: a
/// bucket holds its first count and up to two later steps (word and count); the rare
/// bucket with more steps is marked and its words go through the alias lookup.
@usableFromInline
struct VisitCountTable: Sendable {
    /// One bucket of words: the count is `low` below `first`, `middle` from `first`, `high` from `second`
    /// (`first ≤ second`; words below a bucket's start compare above nothing). `low == Self.unresolved`: ask the alias table.
    @usableFromInline
    struct Bucket: Sendable, Equatable {
        @usableFromInline var first: UInt32
        @usableFromInline var second: UInt32
        @usableFromInline var low: UInt16
        @usableFromInline var middle: UInt16
        @usableFromInline var high: UInt16
        @usableFromInline var padding: UInt16 = 0
    }

    /// Marks a bucket with more than two steps.
    @usableFromInline static let unresolved: UInt16 = .max
    /// Buckets per group, a power of two: 2^`bits`.
    @usableFromInline let bits: Int
    /// Group g's buckets at `g << bits`.
    @usableFromInline let buckets: [Bucket]
    /// The groups' alias tables, for the unresolved buckets.
    @usableFromInline let tables: [PoissonTable]

    /// Builds the table of `tables` (one per age group); traps on a count above 65,534
    /// (a mean far above ``PoissonTable``'s 10⁴ would need one).
    init(_ tables: [PoissonTable]) {
        self.tables = tables
        let largest = tables.map { $0.table.probabilities.count }.max() ?? 1
        // About eight buckets per column (a column's steps rarely share a bucket), 256 to 16,384 buckets.
        var bits = 8
        while bits < 14 && (1 << bits) < 8 * largest { bits += 1 }
        self.bits = bits
        var buckets: [Bucket] = []
        buckets.reserveCapacity(tables.count << bits)
        for table in tables {
            buckets.append(contentsOf: Self.buckets(steps: Self.steps(table), bits: bits))
        }
        self.buckets = buckets
    }

    /// The count of word `word` (the alias lookup of `uniform32(word)`).
    @inlinable @inline(__always)
    static func aliasCount(_ table: PoissonTable, word: UInt32) -> Int {
        table.sample(uniform: uniform32(word))
    }

    /// The steps of a table's count over the words, in order: (first word, count) of each run,
    /// the first at word 0, consecutive counts different.
    static func steps(_ table: PoissonTable) -> [(word: UInt32, count: Int)] {
        let k = table.table.probabilities.count
        /// The first word in [`low`, `high`) where `predicate` holds (else `high`), `predicate` false then true.
        func firstWord(from low: UInt64, to high: UInt64, where predicate: (UInt32) -> Bool) -> UInt64 {
            var low = low, high = high
            while low < high {
                let mid = (low + high) / 2
                if predicate(UInt32(mid)) { high = mid } else { low = mid + 1 }
            }
            return low
        }
        /// The alias lookup's column of a word, as ``Categorical/sample(uniform:)`` takes it.
        func column(_ w: UInt32) -> Int { min(Int(uniform32(w) * Double(k)), k - 1) }
        var runs: [(word: UInt32, count: Int)] = []
        func add(_ start: UInt64, _ end: UInt64, _ count: Int) {
            guard start < end else { return }
            if let last = runs.last, last.count == count { return }
            runs.append((UInt32(start), count))
        }
        var start: UInt64 = 0
        for c in 0..<k {
            let end = c == k - 1 ? 1 << 32 : firstWord(from: start, to: 1 << 32) { column($0) > c }
            guard start < end else { continue }
            // Within the column the fraction u·k − c grows with the word: c first, then the alias (≠ c).
            let split = firstWord(from: start, to: end) { aliasCount(table, word: $0) != c }
            add(start, split, c)
            if split < end { add(split, end, aliasCount(table, word: UInt32(split))) }
            start = end
        }
        return runs
    }

    /// The buckets of one group from its steps.
    static func buckets(steps: [(word: UInt32, count: Int)], bits: Int) -> [Bucket] {
        let shift = 32 - bits
        var result: [Bucket] = []
        result.reserveCapacity(1 << bits)
        var next = 0  // the first step after the current bucket's start
        for b in 0..<(1 << bits) {
            let start = UInt64(b) << shift, end = UInt64(b + 1) << shift
            while next < steps.count && UInt64(steps[next].word) <= start { next += 1 }
            let atStart = steps[next - 1].count
            var inside: [(word: UInt32, count: Int)] = []
            var i = next
            while i < steps.count && UInt64(steps[i].word) < end {
                inside.append(steps[i])
                i += 1
            }
            precondition(([atStart] + inside.map(\.count)).allSatisfy { $0 < Int(unresolved) }, "VisitCountTable: count above 65,534")
            switch inside.count {
            case 0:
                result.append(Bucket(first: 0, second: 0, low: 0, middle: 0, high: UInt16(atStart)))
            case 1:
                result.append(Bucket(first: inside[0].word, second: inside[0].word, low: UInt16(atStart), middle: 0,
                                     high: UInt16(inside[0].count)))
            case 2:
                result.append(Bucket(first: inside[0].word, second: inside[1].word, low: UInt16(atStart),
                                     middle: UInt16(inside[0].count), high: UInt16(inside[1].count)))
            default:
                result.append(Bucket(first: .max, second: .max, low: unresolved, middle: unresolved, high: unresolved))
            }
        }
        return result
    }

    /// The visit count of a person of age group `group` whose word is `word`: the same as
    /// `tables[group].sample(uniform: uniform32(word))`.
    @inlinable @inline(__always)
    func count(group: Int, word: UInt32) -> Int {
        let bucket = buckets.withUnsafeBufferPointer { $0[(group &<< bits) | Int(word &>> UInt32(32 &- bits))] }
        let count = word < bucket.first ? bucket.low : (word < bucket.second ? bucket.middle : bucket.high)
        if _fastPath(count != Self.unresolved) { return Int(count) }
        return unresolvedCount(group: group, word: word)
    }

    /// A word of a bucket with more than two steps: the alias lookup.
    @usableFromInline @inline(never)
    func unresolvedCount(group: Int, word: UInt32) -> Int {
        Self.aliasCount(tables[group], word: word)
    }
}
