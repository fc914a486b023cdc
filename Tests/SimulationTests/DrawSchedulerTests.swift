import Foundation
import SimulationTestSupport
import Testing
@testable import Simulation

/// The scheduler hands out units of draws (a forecast's counties) to the
/// workers; results must not depend on the thread count, and the threads must
/// share a draw's units.
@Suite("Draw scheduler")
struct DrawSchedulerTests {
    /// Every draw's results (every variant's values, cells, pilots, parameters) of a run.
    static func results(_ runner: MonteCarloRunner) throws -> [[Double]] {
        var seen: [[Double]] = []
        try runner.runVariants { results in
            #expect(results[0].draw == seen.count, "draws in order")
            var flat: [Double] = []
            for result in results {
                flat += result.values
                flat += result.cells.map { Double($0) }
                flat += result.pilots.map { Double($0) }
                flat += result.parameters
            }
            seen.append(flat)
        }
        return seen
    }

    static func runner(draws: Int, threads: Int, only: Set<Int>? = nil, people: [Int] = [3000, 2000, 2500],
                       pilots: [CapitationPilot] = []) throws -> MonteCarloRunner {
        try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(peoplePerCounty: people), fiscal: TinyModel.fiscal,
                             configuration: RunConfiguration(seed: 13, draws: draws, threads: threads, years: [2017, 2018],
                                                             onlyCounties: only),
                             pilots: pilots)
    }

    @Test("one draw on 4 threads gives exactly the 1-thread results")
    func moreThreadsThanDraws() throws {
        let one = try Self.results(Self.runner(draws: 1, threads: 1))
        let four = try Self.results(Self.runner(draws: 1, threads: 4))
        #expect(one.count == 1)
        #expect(one == four)
    }

    @Test("more threads than counties (8 threads, 3 counties, 3 draws, a pilot) give exactly the 1-thread results")
    func moreThreadsThanCounties() throws {
        let pilot = [CapitationTests.pilot(county: 1, share: 0.5)]
        let one = try Self.results(Self.runner(draws: 3, threads: 1, pilots: pilot))
        let eight = try Self.results(Self.runner(draws: 3, threads: 8, pilots: pilot))
        #expect(one.count == 3)
        #expect(one == eight)
        #expect(try Self.results(Self.runner(draws: 3, threads: 2, pilots: pilot)) == one)
    }

    @Test("a county selection on several threads leaves the others zero and its own rows equal to the full run's")
    func countySelection() throws {
        let full = try Self.runner(draws: 2, threads: 1)
        let only = try Self.runner(draws: 2, threads: 3, only: [0, 2])
        var fullDraws: [DrawResult] = []
        var onlyDraws: [DrawResult] = []
        try full.run { fullDraws.append($0) }
        try only.run { onlyDraws.append($0) }
        let items = full.layout.count
        let counties = full.model.population.counties.count
        for (a, b) in zip(fullDraws, onlyDraws) {
            for y in 0..<2 {
                for county in 0..<counties {
                    let row = ((y * counties + county) * items)..<((y * counties + county + 1) * items)
                    if county == 1 {
                        #expect(b.values[row].allSatisfy { $0 == 0 })
                    } else {
                        #expect(a.values[row] == b.values[row])
                        #expect(a.values[row].contains { $0 != 0 })
                    }
                }
            }
        }
    }

    @Test("a draw's units are the largest counties first, the selected ones only")
    func unitOrder() throws {
        let runner = try Self.runner(draws: 1, threads: 1, people: [200, 900, 500, 900])
        let work = runner.work(draw: 0)
        #expect((0..<work.unitCount).map(work.county(ofUnit:)) == [1, 3, 2, 0])
        let selected = try Self.runner(draws: 1, threads: 1, only: [0, 2], people: [200, 900, 500, 900]).work(draw: 0)
        #expect((0..<selected.unitCount).map(selected.county(ofUnit:)) == [2, 0])
    }

    /// A draw of `units` units where unit 0 waits (up to a timeout) for unit 1 to
    /// start: only a scheduler that runs one draw's units on two threads at once
    /// lets unit 0 see it.
    struct Rendezvous: DrawWork {
        let draw: Int
        let units: Int
        let started: Flags
        var unitCount: Int { units }
        func run(unit: Int) -> Bool {
            started.set(draw: draw, unit: unit)
            guard unit == 0 else { return true }
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if started.isSet(draw: draw, unit: 1) { return true }
                usleep(200)
            }
            return false
        }
        func assemble(_ parts: [Bool]) -> [Bool] { parts }
    }

    final class Flags: @unchecked Sendable {
        private let lock = NSLock()
        private var set: Set<[Int]> = []
        private(set) var maxInFlight = 0
        private var inFlight = 0
        func set(draw: Int, unit: Int) { lock.withLock { _ = set.insert([draw, unit]) } }
        func isSet(draw: Int, unit: Int) -> Bool { lock.withLock { set.contains([draw, unit]) } }
        func started() { lock.withLock { inFlight += 1; maxInFlight = max(maxInFlight, inFlight) } }
        func consumed() { lock.withLock { inFlight -= 1 } }
    }

    @Test("two threads work on the units of a single draw at the same time")
    func threadsShareADraw() throws {
        let flags = Flags()
        var outputs: [[Bool]] = []
        try DrawScheduler(draws: 1, threads: 2)
            .run(prepare: { _ in }, work: { Rendezvous(draw: $0, units: 4, started: flags) }, progress: { _ in },
                 consume: { outputs.append($0) })
        #expect(outputs == [[true, true, true, true]])
    }

    /// Units that count the draws started and not yet consumed.
    struct Counted: DrawWork {
        let draw: Int
        let units: Int
        var unitCount: Int { units }
        func run(unit: Int) -> Int { draw * 1000 + unit }
        func assemble(_ parts: [Int]) -> [Int] { parts }
    }

    @Test("outputs come in draw order with every unit's part in unit order; draws in flight stay within the window")
    func orderAndWindow() throws {
        let flags = Flags()
        var outputs: [[Int]] = []
        let scheduler = DrawScheduler(draws: 40, threads: 3, chunkSize: 16)
        try scheduler.run(prepare: { _ in }, work: { draw in
                              flags.started()
                              return Counted(draw: draw, units: draw % 5)  // some draws with no unit at all
                          }, progress: { _ in },
                          consume: { output in
                              flags.consumed()
                              outputs.append(output)
                          })
        #expect(outputs == (0..<40).map { d in (0..<(d % 5)).map { d * 1000 + $0 } })
        // The scheduler frees a draw's place when `consume` receives it, before the test counts
        // it consumed: the test may see one more than the window, never two.
        #expect(flags.maxInFlight <= scheduler.window + 1)
        #expect(flags.maxInFlight >= 1)
    }

    struct Stop: Error {}

    @Test("an error from consume stops the run and is thrown after the workers have finished")
    func consumeError() throws {
        var consumed = 0
        #expect(throws: Stop.self) {
            try DrawScheduler(draws: 50, threads: 2)
                .run(prepare: { _ in }, work: { Counted(draw: $0, units: 3) }, progress: { _ in },
                     consume: { _ in
                         consumed += 1
                         if consumed == 3 { throw Stop() }
                     })
        }
        #expect(consumed == 3)
    }
}
