import Forecast
import Foundation
import Scenario
import Simulation
import Sweep

/// `fundsim-bench sweep [DRAWS] [REPEATS] [K…]`: the wall time of a K-point sweep of
/// settlement-only parameters (K = 1, 4, 16) on the built-in Yunnan scenario
/// (one year, 2017, 4.71 million people), as a ratio to K separate runs of the
/// same points measured in the same process; each sweep and its separate runs
/// alternate, REPEATS times, and the medians are compared. Both sides feed every
/// draw into their tables (the sweep's collector; one forecast aggregator per
/// separate run), as the commands do.
///
/// From the sweep times it also splits one person-year's time between sampling
/// and settlement: a sweep of K points costs t(K) ≈ S + K·E (one sampling pass
/// S, K settlements E), so E = (t(16) − t(1)) / 15 and S = t(1) − E.
enum SweepBenchmark {
    static let ratio = "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county"
    static let subsidy = "fiscal.provincial_subsidies.backstop"

    static func run(arguments: [String]) {
        let draws = arguments.first.flatMap(Int.init) ?? 4
        let repeats = arguments.dropFirst().first.flatMap(Int.init) ?? 3
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let base = try! ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName)
        let people = base.simulation!.model.population.counties.map(\.registeredPoor).reduce(0, +)
        print("sweep: \(base.id), \(people) registered poor, year 2017, \(draws) draws, \(threads) threads, medians of \(repeats) alternated repeats, release build")
        let ks = arguments.count > 2 ? arguments.dropFirst(2).compactMap(Int.init) : [1, 4, 16]
        var sweepMedians: [Int: Double] = [:], sweepCPUMedians: [Int: Double] = [:]
        for k in ks {
            let setup = try! makeSetup(points: k, draws: draws, threads: threads)
            precondition(setup.groups.count == 1, "settlement-only points share one simulation pass")
            var sweepTimes: [Double] = [], separateTimes: [Double] = []
            var sweepCPU: [Double] = [], separateCPU: [Double] = []
            var checks: ([Double], [Double]) = ([], [])
            for rep in 0..<repeats {
                let order = rep % 2 == 0 ? [true, false] : [false, true]
                for isSweep in order {
                    let started = Date(), cpu = cpuSeconds()
                    if isSweep { checks.0 = runSweep(setup) } else { checks.1 = runSeparately(setup) }
                    let wall = Date().timeIntervalSince(started), used = cpuSeconds() - cpu
                    if isSweep { sweepTimes.append(wall); sweepCPU.append(used) } else { separateTimes.append(wall); separateCPU.append(used) }
                }
            }
            let s = median(sweepTimes), p = median(separateTimes)
            let sc = median(sweepCPU), pc = median(separateCPU)
            sweepMedians[k] = s
            sweepCPUMedians[k] = sc
            print(String(format: "  K = %2d: sweep %7.2f s, %2d separate runs %7.2f s, wall ratio %.3f; CPU %7.2f s vs %7.2f s, CPU ratio %.3f",
                         k, s, k, p, s / p, sc, pc, sc / pc) + "  (per-point checksums \(checks.0 == checks.1 ? "equal" : "DIFFER"))")
        }
        guard ks.contains(1) && ks.contains(16) else { return }
        // CPU time: less disturbed than wall time by other processes on a shared machine.
        let perSettlement = (sweepCPUMedians[16]! - sweepCPUMedians[1]!) / 15
        let sampling = sweepCPUMedians[1]! - perSettlement
        let personYears = Double(people * draws)
        print(String(format: "  one person-year (CPU): sampling %.0f ns (%.0f%%), settlement under one plan %.0f ns (%.0f%%), from t(K) = S + K·E (K = 1 and 16)",
                     sampling / personYears * 1e9, 100 * sampling / sweepCPUMedians[1]!,
                     perSettlement / personYears * 1e9, 100 * perSettlement / sweepCPUMedians[1]!))
        print("  target: the 16-point ratio at most 0.4")
    }

    /// K settlement-only points: the basic insurance ratio and the backstop subsidy varied together.
    static func makeSetup(points k: Int, draws: Int, threads: Int) throws -> SweepSetup {
        let ratios = (0..<k).map { k == 1 ? "0.85" : NumberText(0.78 + 0.16 * Double($0) / Double(k - 1)) }
        let subsidies = (0..<k).map { String(40 + 5 * $0) }
        let text = """
            sweep:
              scenario: yunnan-2017
              design: points
              points: bench-points.csv
            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fundsim-bench-sweep-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = "\(ratio),\(subsidy)\n" + zip(ratios, subsidies).map { "\($0),\($1)\n" }.joined()
        try csv.write(to: folder.appendingPathComponent("bench-points.csv"), atomically: true, encoding: .utf8)
        let specPath = folder.appendingPathComponent("bench.yaml").path
        try text.write(toFile: specPath, atomically: true, encoding: .utf8)
        let spec = try SweepSpec.load(path: specPath)
        return try SweepSetup(spec: spec, seed: 20_170_927, draws: draws, threads: threads, years: [2017], parameterUncertainty: true)
    }

    static func NumberText(_ x: Double) -> String { String((x * 10_000).rounded() / 10_000) }

    /// The sweep: one pass over the people, every point settled; returns per point the sum over draws of its first county's basic payments.
    static func runSweep(_ setup: SweepSetup) -> [Double] {
        var collector = try! setup.collector(drawsURL: nil)
        var checksum = [Double](repeating: 0, count: setup.scenarios.count)
        try! SweepJob(groups: setup.groups).draws.run { results in
            try collector.add(results)
            for (p, r) in results.enumerated() { checksum[p] += r.values[0] }
        }
        return checksum
    }

    /// The same points as separate runs, one after the other.
    static func runSeparately(_ setup: SweepSetup) -> [Double] {
        var checksum: [Double] = []
        let configuration = setup.groups[0].runner.configuration
        for scenario in setup.scenarios {
            let simulation = scenario.simulation!
            let runner = try! MonteCarloRunner(plan: scenario.plan, model: simulation.model, fiscal: scenario.fiscal,
                                               configuration: configuration, catastrophicShare: simulation.catastrophicShare)
            var aggregator = ForecastAggregator(regions: setup.regions, items: ForecastItems(layout: runner.layout),
                                                years: configuration.years, countyCount: simulation.model.population.counties.count)
            var sum = 0.0
            try! runner.run { result in
                aggregator.add(rows: aggregator.regionRows(of: result))
                sum += result.values[0]
            }
            checksum.append(sum)
        }
        return checksum
    }

    /// User + system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
