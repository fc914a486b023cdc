import Foundation
import Forecast
import Scenario
import Simulation

/// `fundsim-bench simulation [DRAWS] [REPEATS]`: person-years simulated per second
/// for the built-in Yunnan scenario (4.71 million people, one year) with 1 and
/// with 2 worker threads, and the 2-thread scaling.
///
/// How it measures: one untimed warm-up run (first-touch page faults, lazy
/// initialisation) so that neither thread count pays them; then `REPEATS` pairs
/// of runs, the order of the two thread counts alternating pair by pair (1,2 then
/// 2,1, …) so that a drift of the machine's load hits both alike; medians of the
/// wall times, and the scaling as the median over pairs of (1-thread wall / 2-thread
/// wall). Wall-clock scaling is only meaningful on an otherwise idle machine: the
/// load average is printed before and after, and the 2-thread runs' CPU per wall
/// second (≈ 2 when both cores were ours) shows whether they got two cores.
/// Person-years per CPU second (user + system) is the per-core throughput, which
/// load does not distort.
///
/// What it computes: every run's ledger checksum (FNV-1a 64 of each draw's ledger
/// rows, population cells and pilot rows, bit for bit, in draw order) is printed per
/// thread count, so two builds can be compared for doing the same work; the benchmark
/// fails (exit 1) if a run's checksum differs from the others', e.g. 1 vs 2 threads.
enum SimulationBenchmark {
    static func run(arguments: [String]) {
        let draws = arguments.first.flatMap(Int.init) ?? 10
        let repeats = max(1, arguments.dropFirst().first.flatMap(Int.init) ?? 3)
        let scenario = try! ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName)
        let simulation = scenario.simulation!
        let people = simulation.model.population.counties.map(\.registeredPoor).reduce(0, +)
        print("simulation: \(scenario.id), \(people) registered poor, \(draws) draws of year 2017, \(repeats) alternated pairs, release build")
        print("  load average before: \(loadAverage())")
        func measure(threads: Int, draws: Int) -> (wall: Double, cpu: Double, checksum: String) {
            let configuration = RunConfiguration(seed: 20_170_927, draws: draws, threads: threads, years: [2017])
            let runner = try! MonteCarloRunner(plan: scenario.plan, model: simulation.model, fiscal: scenario.fiscal,
                                               configuration: configuration, catastrophicShare: simulation.catastrophicShare)
            var checksum = FNV1a64()
            let started = Date()
            let cpuStarted = processCPUSeconds()
            try! runner.run { checksum.add($0) }
            return (Date().timeIntervalSince(started), processCPUSeconds() - cpuStarted, checksum.hex)
        }
        _ = measure(threads: 2, draws: 1)
        var runs: [Int: [(wall: Double, cpu: Double, checksum: String)]] = [1: [], 2: []]
        for pair in 0..<repeats {
            for threads in pair % 2 == 0 ? [1, 2] : [2, 1] { runs[threads]!.append(measure(threads: threads, draws: draws)) }
        }
        let personYears = Double(people * draws)
        for threads in [1, 2] {
            let wall = median(runs[threads]!.map(\.wall))
            let cpu = median(runs[threads]!.map(\.cpu))
            let each = runs[threads]!.map { String(format: "%.2f", $0.wall) }.joined(separator: " ")
            print(String(format: "  threads %d: median %6.2f s wall (runs: ", threads, wall) + each
                  + String(format: "), %6.2f M person-years/s, CPU %6.2f s (%.2f M person-years per CPU s, %.2f CPUs busy)",
                           personYears / wall / 1e6, cpu, personYears / cpu / 1e6, cpu / wall))
        }
        for threads in [1, 2] {
            print("  threads \(threads): ledger checksum " + Set(runs[threads]!.map(\.checksum)).sorted().joined(separator: " ")
                  + " (FNV-1a 64 of every draw's rows, in draw order)")
        }
        let checksums = Set(runs.values.joined().map(\.checksum))
        guard checksums.count == 1 else {
            FileHandle.standardError.write(Data(
                "fundsim-bench simulation: FAILED: the runs computed different ledgers (checksums \(checksums.sorted().joined(separator: ", "))); same seed must give the same bytes for any thread count\n".utf8))
            exit(1)
        }
        let pairRatios = zip(runs[1]!, runs[2]!).map { $0.wall / $1.wall }
        print(String(format: "  2-thread scaling: %.2f× (median of pairs; pairs: ", median(pairRatios))
              + pairRatios.map { String(format: "%.2f", $0) }.joined(separator: " ") + ")")
        print("  load average after: \(loadAverage()); peak RSS \(peakResidentMegabytes()) MB")
        let perDraw = Double(people) / (personYears / median(runs[1]!.map(\.wall)) * 2)
        print(String(format: "  projected: 1,000 draws of one year ≈ %.0f s with 2 threads at perfect scaling", perDraw * 1000))
    }

    /// The median of non-empty `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), or "unknown".
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// User plus system CPU time of this process so far, in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident set size of this process, in MB (getrusage reports KB on Linux).
    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}

extension FNV1a64 {
    /// Hashes a draw's result bit for bit: its index, ledger values (IEEE 754 bit patterns),
    /// population cells and pilot rows.
    mutating func add(_ result: DrawResult) {
        withUnsafeBytes(of: Int64(result.draw).littleEndian) { update($0) }
        result.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { update($0) }
        result.cells.map { $0.littleEndian }.withUnsafeBytes { update($0) }
        result.pilots.map { $0.littleEndian }.withUnsafeBytes { update($0) }
    }
}
