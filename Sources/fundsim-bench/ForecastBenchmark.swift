import Cohort
import Forecast
import Foundation
import ProjectedPopulation
import Reporting
import Scenario
import Simulation

/// `fundsim-bench forecast [DRAWS] [REPLAY] [REPEATS]`: the CPU that `fundsim run` spends
/// per draw outside the simulation — the ``ForecastConsumer`` that turns each draw into the
/// region rows, the streamed summaries of `forecast.csv`, `indicators.csv`, `population.csv`,
/// the capitation rows and (with `--keep-draws`) `draws.csv` and `parameter_draws.csv` — as a
/// ratio against the CPU of simulating one draw in the same run, and the end-of-run tables.
///
/// How it measures: the built-in Yunnan scenario, years 2017–2018, set up as `fundsim run
/// --threads 1` sets it up (cohort projection, capitation pilots). `DRAWS` draws (default 4)
/// are simulated on one worker thread and timed in process CPU seconds (this includes the
/// cohort projection of their chunk); the set-up (scenario load, runner, projection set-up)
/// is timed separately. Then the simulated draws are fed, cycled to `REPLAY` draws (default
/// 1,000, so that the quantile sketches leave their exact phase as in a long run; the k-th
/// cycle's values are scaled by 1 + k/1000 so that they are not ties), into a
/// ``ForecastConsumer`` writing into a temporary folder, once without and once with
/// `keepDraws`, alternating their order over `REPEATS` rounds (default 3); the calling
/// thread's CPU time of the per-draw `add` calls and of `finish` (the tables) is taken, and
/// the medians are reported, per draw and as ratios to a simulated draw.
///
/// What it computes: an FNV-1a 64 checksum of every file the consumer wrote (in name order),
/// per keep-draws setting; it must be the same in every round (else exit 1) and, for the same
/// arguments, the same for two builds that write the same bytes.
enum ForecastBenchmark {
    static func run(arguments: [String]) {
        let draws = max(1, arguments.first.flatMap(Int.init) ?? 4)
        let replay = max(1, arguments.dropFirst().first.flatMap(Int.init) ?? 1000)
        let repeats = max(1, arguments.dropFirst(2).first.flatMap(Int.init) ?? 3)
        let years = [2017, 2018]
        print("forecast: \(ScenarioLoader.defaultName), years \(years.map(String.init).joined(separator: "-")), \(draws) simulated draws "
              + "on 1 thread, fed to the consumer as \(replay) draws, \(repeats) alternated rounds, release build")
        print("  load average before: \(SimulationBenchmark.loadAverage())")

        // Set-up as `fundsim run` does it (ForecastSetup): scenario, cohort projection, runner with pilots, regions.
        let setupStarted = SimulationBenchmark.processCPUSeconds()
        let scenario = try! ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName)
        let simulation = scenario.simulation!
        func runner(draws: Int) -> MonteCarloRunner {
            let configuration = RunConfiguration(seed: 20_170_927, draws: draws, threads: 1, years: years)
            BLASThreads.set(1)
            let population = try! CohortPopulation(model: simulation.model, years: years, baseYear: scenario.years.lowerBound)
            return try! MonteCarloRunner(plan: scenario.plan, model: simulation.model, fiscal: scenario.fiscal, configuration: configuration,
                                         population: population, catastrophicShare: simulation.catastrophicShare, pilots: scenario.capitation)
        }
        let simulator = runner(draws: draws)
        let regions = RegionTable(population: simulation.model.population, provinceID: simulation.provinceID,
                                  provinceName: simulation.provinceName)
        let setupCPU = SimulationBenchmark.processCPUSeconds() - setupStarted

        // The simulation: every draw's result kept for the replay.
        var results: [DrawResult] = []
        let simulationStarted = SimulationBenchmark.processCPUSeconds()
        try! simulator.run { results.append($0) }
        let simulationPerDraw = (SimulationBenchmark.processCPUSeconds() - simulationStarted) / Double(draws)

        // The consumer, over the replayed draws.
        let consumerRunner = runner(draws: replay)
        /// Draw `d` of the replay: simulated draw `d mod DRAWS`, renumbered, its values scaled by 1 + cycle/1000.
        func replayed(_ d: Int) -> DrawResult {
            var result = results[d % draws]
            result.draw = d
            let cycle = d / draws
            if cycle > 0 { result.values = result.values.map { $0 * (1 + Double(cycle) / 1000) } }
            return result
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fundsim-bench-forecast-\(getpid())")
        func consume(keepDraws: Bool) -> (add: Double, finish: Double, checksum: String) {
            var output = try! OutputDirectory(folder)
            var consumer = try! ForecastConsumer(runner: consumerRunner, regions: regions, keepDraws: keepDraws, output: &output)
            var adding = 0.0
            for d in 0..<replay {
                let result = replayed(d)  // made outside the timed call
                let started = threadCPUSeconds()
                try! consumer.add(result)
                adding += threadCPUSeconds() - started
            }
            let added = threadCPUSeconds()
            _ = try! consumer.finish(into: &output)
            let finished = threadCPUSeconds()
            var checksum = FNV1a64()
            let names = try! FileManager.default.contentsOfDirectory(atPath: output.stagingURL.path).sorted()
            for name in names {
                Array(name.utf8).withUnsafeBytes { checksum.update($0) }
                let file = try! FileHandle(forReadingFrom: output.url(for: name))  // in pieces: draws.csv is ~1 MB per draw
                while let piece = try! file.read(upToCount: 1 << 20), !piece.isEmpty { piece.withUnsafeBytes { checksum.update($0) } }
                try! file.close()
            }
            output.discard()
            return (adding, finished - added, checksum.hex)
        }
        var runs: [Bool: [(add: Double, finish: Double, checksum: String)]] = [false: [], true: []]
        for round in 0..<repeats {
            for keep in round % 2 == 0 ? [false, true] : [true, false] { runs[keep]!.append(consume(keepDraws: keep)) }
        }

        print(String(format: "  set-up (scenario load, cohort projection set-up, runner): %.3f s CPU", setupCPU))
        print(String(format: "  simulation: %.3f s CPU per draw (%d draws × %d years, incl. the cohort projection of their chunk)",
                     simulationPerDraw, draws, years.count))
        var failed = false
        for keep in [false, true] {
            let add = SimulationBenchmark.median(runs[keep]!.map(\.add)) / Double(replay)
            let finish = SimulationBenchmark.median(runs[keep]!.map(\.finish))
            let checksums = Set(runs[keep]!.map(\.checksum)).sorted()
            let label = keep ? "consumer, keep-draws:" : "consumer:            "
            print(String(format: "  %@ %.3f ms CPU per draw = %.5f × a simulated draw (rounds: ", label, add * 1000, add / simulationPerDraw)
                  + runs[keep]!.map { String(format: "%.3f", $0.add / Double(replay) * 1000) }.joined(separator: " ")
                  + String(format: " ms); tables after %d draws %.3f s = %.3f × a simulated draw", replay, finish, finish / simulationPerDraw))
            let total = SimulationBenchmark.median(runs[keep]!.map { $0.add + $0.finish }) / Double(replay)
            print(String(format: "    in all (draws and tables): %.3f ms CPU per draw = %.5f × a simulated draw", total * 1000, total / simulationPerDraw))
            print("    output checksum \(checksums.joined(separator: " ")) (FNV-1a 64 of every file written, in name order)")
            if checksums.count != 1 { failed = true }
        }
        print("  load average after: \(SimulationBenchmark.loadAverage()); peak RSS \(SimulationBenchmark.peakResidentMegabytes()) MB")
        if failed {
            FileHandle.standardError.write(Data("fundsim-bench forecast: FAILED: rounds wrote different bytes from the same draws\n".utf8))
            exit(1)
        }
    }

    /// CPU time (user + system) of the calling thread so far, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
