import Foundation
import Scenario
import Simulation

/// `fundsim-bench simulation [DRAWS]`: person-years simulated per second for the
/// built-in Yunnan scenario (4.71 million people, one year), with 1 and with 2
/// worker threads in the same run (the 1-thread run is the baseline of the
/// ratio), and the process's peak resident memory after each.
enum SimulationBenchmark {
    static func run(arguments: [String]) {
        let draws = arguments.first.flatMap(Int.init) ?? 10
        let scenario = try! ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName)
        let simulation = scenario.simulation!
        let people = simulation.model.population.counties.map(\.registeredPoor).reduce(0, +)
        print("simulation: \(scenario.id), \(people) registered poor, \(draws) draws of year 2017, release build")
        var baseline = 0.0
        for threads in [1, 2] {
            let configuration = RunConfiguration(seed: 20_170_927, draws: draws, threads: threads, years: [2017])
            let runner = try! MonteCarloRunner(plan: scenario.plan, model: simulation.model, fiscal: scenario.fiscal,
                                               configuration: configuration, catastrophicShare: simulation.catastrophicShare)
            var checksum = 0.0
            let started = Date()
            let cpuStarted = processCPUSeconds()
            try! runner.run { checksum += $0.values[0] }
            let seconds = Date().timeIntervalSince(started)
            let cpu = processCPUSeconds() - cpuStarted
            let rate = Double(people * draws) / seconds
            if threads == 1 { baseline = rate }
            // CPU time (user + sys) is what a busy machine does not distort: person-years per CPU second is per core.
            print(String(format: "  threads %d: %6.2f s, %6.2f M person-years/s (%.2f× the 1-thread run), CPU %6.2f s (%.2f M person-years per CPU s), peak RSS %d MB, checksum %.0f",
                         threads, seconds, rate / 1e6, rate / baseline, cpu, Double(people * draws) / cpu / 1e6, peakResidentMegabytes(), checksum))
        }
        let perDraw = Double(people) / (baseline * 2)
        print(String(format: "  projected: 1,000 draws of one year ≈ %.0f s with 2 threads at perfect scaling", perDraw * 1000))
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
