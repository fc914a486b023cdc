import Testing
import RandomStreams
@testable import Simulation

/// ``VisitCountTable`` against the alias lookup it replaces (``PoissonTable/sample(uniform:)``
/// of `uniform32(word)`), which must agree on every word.
@Suite("Visit count table")
struct VisitCountTableTests {
    static let means: [Double] = [0, 1e-9, 0.3, 2.7, 5, 8.5, 60, 400, 10_000]

    /// Words next to every step of the count and every bucket boundary, where an off-by-one
    /// would show, and random words.
    static func probes(_ table: VisitCountTable, group: Int, seed: UInt64) -> [UInt32] {
        var words: [UInt32] = [0, 1, .max - 1, .max]
        for step in VisitCountTable.steps(table.tables[group]) {
            for delta in -3...3 {
                let w = Int64(step.word) + Int64(delta)
                if w >= 0 && w <= Int64(UInt32.max) { words.append(UInt32(w)) }
            }
        }
        for b in 0..<(1 << table.bits) {
            let start = UInt64(b) << (32 - table.bits)
            for w in [start, start &+ 1, start &- 1] where w <= UInt64(UInt32.max) { words.append(UInt32(w)) }
        }
        var stream = RandomStream(key: StreamKey(seed: seed, purpose: .healthCareUse, draw: 0, county: 0, year: 0, person: 0))
        for _ in 0..<50_000 { words.append(stream.nextUInt32()) }
        return words
    }

    @Test("the same count as the alias lookup near every step, bucket edge, and at random words")
    func agreesWithAliasLookup() {
        let pools = [Self.means, [0.05, 3.9, 12.0], [7.25]]
        for (seed, means) in pools.enumerated() {
            let tables = means.map { PoissonTable(mean: $0) }
            let table = VisitCountTable(tables)
            for group in tables.indices {
                var mismatches = 0
                for word in Self.probes(table, group: group, seed: UInt64(seed)) {
                    if table.count(group: group, word: word) != tables[group].sample(uniform: uniform32(word)) { mismatches += 1 }
                }
                #expect(mismatches == 0, "mean \(means[group])")
            }
        }
    }

    @Test("steps are the alias lookup's runs: each run's first word starts it, the word before ends the last")
    func stepsAreExact() {
        for mean in Self.means {
            let poisson = PoissonTable(mean: mean)
            let steps = VisitCountTable.steps(poisson)
            #expect(steps.first?.word == 0)
            for (i, step) in steps.enumerated() {
                #expect(poisson.sample(uniform: uniform32(step.word)) == step.count)
                if i > 0 {
                    #expect(steps[i - 1].count != step.count)
                    #expect(poisson.sample(uniform: uniform32(step.word - 1)) == steps[i - 1].count)
                }
            }
        }
    }

    @Test("a bucket with more than two steps defers to the alias lookup")
    func unresolvedBuckets() {
        // Mean 10⁴: thousands of columns over 2^14 buckets leave many buckets with several steps.
        let tables = [PoissonTable(mean: 10_000)]
        let table = VisitCountTable(tables)
        let unresolved = table.buckets.indices.filter { table.buckets[$0].low == VisitCountTable.unresolved }
        #expect(!unresolved.isEmpty)
        for b in unresolved.prefix(50) {
            let start = UInt32(b << (32 - table.bits))
            for w in stride(from: start, to: start + (1 << (32 - table.bits)) - 1, by: 4099) {
                #expect(table.count(group: 0, word: w) == tables[0].sample(uniform: uniform32(w)))
            }
        }
    }
}
