// fundsim-bench: performance benchmarks, one subcommand each.
// `fundsim-bench settlement [claims]`: the settlement engine against naive baselines.

switch CommandLine.arguments.dropFirst().first {
case "settlement":
    SettlementBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
default:
    print("""
        usage: fundsim-bench <benchmark> [options]
          settlement [CLAIMS]   settle CLAIMS synthetic Yunnan claims (default 10000000) on one core
        """)
}
