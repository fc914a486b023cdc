// fundsim-bench <benchmark> [options]: performance benchmarks, one file per benchmark,
// dispatched by name. Each reports throughput as ratios against a baseline measured in the same run.
import Cohort

// OpenBLAS's pool, started when the library loaded, would spin ~0.1 s of a core while a benchmark starts.
BLASThreads.stopWorkers()
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "settlement":
    SettlementBenchmark.run(arguments: Array(arguments.dropFirst()))
case "simulation":
    SimulationBenchmark.run(arguments: Array(arguments.dropFirst()))
case "sweep":
    SweepBenchmark.run(arguments: Array(arguments.dropFirst()))
case "settle-file":
    SettleFileBenchmark.run(arguments: Array(arguments.dropFirst()))
case "cohort":
    CohortBenchmark.run(arguments: Array(arguments.dropFirst()))
case "forecast":
    ForecastBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    print("""
        usage: fundsim-bench <benchmark> [options]
          settlement [CLAIMS]   settle CLAIMS synthetic Yunnan claims (default 10000000) on one core
          simulation [DRAWS] [REPEATS]  person-years/s of the Yunnan forecast, 1 vs 2 threads alternated (medians), scaling
          sweep [DRAWS] [REPEATS] [K...]  a K-point settlement-only sweep (K = 1, 4, 16) against K separate runs, and the sampling/settlement split
          settle-file [...]     end-to-end claims/s and peak memory of fundsim settle's streaming reader vs the old one
          cohort [...]          the batched dgemm cohort step against a naive loop and per-county dgemv
          forecast [DRAWS] [REPLAY] [REPEATS]  fundsim run's CPU per draw outside the simulation (summaries, region rows, draws.csv)
                                as a ratio to a simulated draw's (DRAWS simulated, default 4, replayed as REPLAY, default 1000), and the tables' CPU
        """)
}
