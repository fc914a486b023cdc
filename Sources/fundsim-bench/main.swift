// fundsim-bench <benchmark> [options]: one benchmark per file, dispatched by name.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "cohort":
    CohortBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    print("usage: fundsim-bench <benchmark> [options]\nbenchmarks: cohort")
}
