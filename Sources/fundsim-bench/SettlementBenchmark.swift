import PolicyCatalog
import Scenario
import Settlement
import SettlementReference

/// `fundsim-bench settlement [CLAIMS]`: settles synthetic Yunnan claims on one
/// core with the engine's hot path, and, in the same run, with two baselines:
/// the same engine recording a trace (the `--explain` path) and a naive
/// interpreter of the plan (``NaiveSettler``). Prints claims per second and the
/// ratios, and checks that all three agree to the fen.
enum SettlementBenchmark {
    static func run(arguments: [String]) {
        let count = arguments.first.flatMap { Int($0) } ?? 10_000_000
        let baselineCount = min(count, 1_000_000)
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName) } catch {
            print("error: \(error)")
            return
        }
        let plan = scenario.plan
        let year = scenario.years.lowerBound
        let engine: SettlementEngine
        do { engine = try SettlementEngine(plan: plan, year: year) } catch {
            print("error: \(error)")
            return
        }

        var clock = ContinuousClock.now
        let data = SyntheticClaims(count: count, seed: 2017)
        let generation = ContinuousClock.now - clock
        var mix = [Int](repeating: 0, count: ClaimSetting.allCases.count)
        for claim in data.claims { mix[claim.setting.rawValue] += 1 }
        print("settlement benchmark: \(count) synthetic Yunnan claims (scenario \(scenario.id), \(year)), \(data.personYearStart.count - 1) person-years, generated in \(format1(seconds(generation))) s")
        print("  mix: " + ClaimSetting.allCases.map { "\($0.fileName) \(percent(mix[$0.rawValue], count))" }.joined(separator: ", "))

        // The hot path: best of three runs over all claims.
        var best = Double.infinity
        var sums: [Int64] = []
        for _ in 0..<3 {
            clock = .now
            sums = settleAll(data, personYears: data.personYearStart.count - 1, engine: engine)
            best = min(best, seconds(ContinuousClock.now - clock))
        }
        let total = data.claims.reduce(Int64(0)) { $0 + $1.totalCost.fen }
        let fast = Double(count) / best
        print("  engine (NoTrace):        \(rate(fast)) claims/s  (\(format1(best * 1e9 / Double(count))) ns/claim, best of 3)")
        print("  check: payments + out-of-pocket = total cost: \(sums.reduce(0, +) == total ? "yes" : "NO")")
        print("  paid by tier: " + zip(plan.tiers.map(\.id) + ["out_of_pocket"], sums).map { "\($0) \(Money(fen: $1))" }.joined(separator: ", "))

        // Baselines on the person-years covering the first `baselineCount` claims.
        let subsetYears = data.personYearStart.firstIndex { $0 >= baselineCount }!
        let subsetClaims = data.personYearStart[subsetYears]
        let engineSubset = settleAll(data, personYears: subsetYears, engine: engine)

        clock = .now
        let traced = settleTraced(data, personYears: subsetYears, engine: engine)
        let tracedTime = seconds(ContinuousClock.now - clock)
        clock = .now
        let naive = settleNaive(data, personYears: subsetYears, settler: NaiveSettler(plan: plan, year: year, catalog: .standard))
        let naiveTime = seconds(ContinuousClock.now - clock)
        let tracedRate = Double(subsetClaims) / tracedTime
        let naiveRate = Double(subsetClaims) / naiveTime
        print("  baselines on the first \(subsetClaims) claims:")
        print("  engine + TraceRecorder:  \(rate(tracedRate)) claims/s  → engine is \(format1(fast / tracedRate))× faster  (same totals: \(traced == engineSubset ? "yes" : "NO"))")
        print("  naive interpreter:       \(rate(naiveRate)) claims/s  → engine is \(format1(fast / naiveRate))× faster  (same totals: \(naive == engineSubset ? "yes" : "NO"))")
        print("  target ≥ 10 M claims/s per core: \(fast >= 10_000_000 ? "met" : "NOT met")")
    }

    /// The hot path: one reused state and breakdown, totals per tier.
    static func settleAll(_ data: SyntheticClaims, personYears: Int, engine: SettlementEngine) -> [Int64] {
        let tiers = engine.tierCount
        var sums = [Int64](repeating: 0, count: tiers + 1)
        var state = engine.newPersonYear()
        var breakdown = ClaimBreakdown(tierCount: tiers)
        data.claims.withUnsafeBufferPointer { claims in
            for p in 0..<personYears {
                state.reset()
                for i in data.personYearStart[p]..<data.personYearStart[p + 1] {
                    engine.settle(claims[i], state: &state, into: &breakdown)
                    for t in 0..<tiers { sums[t] &+= breakdown.payments[t].fen }
                    sums[tiers] &+= breakdown.outOfPocket.fen
                }
            }
        }
        return sums
    }

    /// The explain path: every claim's events kept, as `fundsim settle --explain` does.
    static func settleTraced(_ data: SyntheticClaims, personYears: Int, engine: SettlementEngine) -> [Int64] {
        let tiers = engine.tierCount
        var sums = [Int64](repeating: 0, count: tiers + 1)
        var state = engine.newPersonYear()
        var breakdown = ClaimBreakdown(tierCount: tiers)
        var events = 0
        for p in 0..<personYears {
            state.reset()
            for i in data.personYearStart[p]..<data.personYearStart[p + 1] {
                var recorder = TraceRecorder()
                engine.settle(data.claims[i], state: &state, into: &breakdown, tracer: &recorder)
                events &+= recorder.events.count
                for t in 0..<tiers { sums[t] &+= breakdown.payments[t].fen }
                sums[tiers] &+= breakdown.outOfPocket.fen
            }
        }
        precondition(events > 0)
        return sums
    }

    /// The naive interpreter, a fresh dictionary per person-year.
    static func settleNaive(_ data: SyntheticClaims, personYears: Int, settler: NaiveSettler) -> [Int64] {
        let tiers = settler.plan.tiers.count
        var sums = [Int64](repeating: 0, count: tiers + 1)
        for p in 0..<personYears {
            var state: [String: Int64] = [:]
            for i in data.personYearStart[p]..<data.personYearStart[p + 1] {
                let breakdown = settler.settle(data.claims[i], state: &state)
                for t in 0..<tiers { sums[t] &+= breakdown.payments[t].fen }
                sums[tiers] &+= breakdown.outOfPocket.fen
            }
        }
        return sums
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func rate(_ value: Double) -> String { "\(format1(value / 1_000_000)) M" }

    static func percent(_ part: Int, _ whole: Int) -> String { "\(format1(100 * Double(part) / Double(max(whole, 1))))%" }

    /// One decimal, without Foundation's formatter.
    static func format1(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(abs(Int(tenths)) % 10)"
    }
}
