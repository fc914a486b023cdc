// swift-tools-version: 6.1
// fundsim: forecasts the money flows of China's health-poverty-alleviation
// policy (健康扶贫). One executable over small library modules, each with one job.
import PackageDescription

let package = Package(
    name: "fundsim",
    products: [
        .executable(name: "fundsim", targets: ["fundsim"]),
        // The input readers and the engine as a library, for the fuzz targets in Tests/Fuzz (a separate package).
        .library(name: "FundsimInputs", targets: ["PolicyCatalog", "Settlement", "Scenario", "ClaimsFile", "ClaimsFileReference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // Pure domain: the disease catalog (POLICY.md section 2).
        .target(name: "PolicyCatalog"),
        // Pure domain: the settlement cascade as data, and the engine that applies it.
        .target(name: "Settlement", dependencies: ["PolicyCatalog"]),
        // Scenario files: YAML with a unit and a source on every number, loaded into a plan and fiscal parameters.
        // The built-in scenarios (Scenarios/*.yaml) are embedded at build time by the EmbedScenarios plugin.
        .target(name: "Scenario", dependencies: [
            "Settlement", "PolicyCatalog", "Simulation", "Reporting", .product(name: "Yams", package: "Yams"),
        ], plugins: ["EmbedScenarios"]),
        // Build plugin: embeds each Scenarios/*.yaml byte for byte in Scenario (`BuiltInScenarios.files`),
        // re-run when a scenario file changes; its generator runs on the build machine.
        .plugin(name: "EmbedScenarios", capability: .buildTool(), dependencies: ["EmbedScenariosTool"], path: "Sources/EmbedScenariosPlugin"),
        .executableTarget(name: "EmbedScenariosTool", path: "Sources/EmbedScenariosTool"),
        .testTarget(name: "EmbedScenariosToolTests", dependencies: ["EmbedScenariosTool"]),
        // Claims files (POLICY.md section 10): RFC 4180 CSV with line numbers, validation, settlement, --explain.
        .target(name: "ClaimsFile", dependencies: ["Settlement", "PolicyCatalog", "CPrefetch", "Reporting"]),
        // A cache prefetch hint (C, header-only) for the claims settlement's person-year lookups.
        .target(name: "CPrefetch"),
        // The claims reader as of bf294d4 (whole file in memory): the reference for tests and the benchmark baseline; not linked into fundsim.
        .target(name: "ClaimsFileReference", dependencies: ["ClaimsFile", "Settlement", "PolicyCatalog", "Reporting", "RandomStreams"]),
        // The settlement plan interpreted as written (no compilation): the reference the engine must agree with,
        // for the differential tests and the settlement benchmark's baseline; not linked into fundsim.
        .target(name: "SettlementReference", dependencies: ["Settlement", "PolicyCatalog"]),
        // The command-line tool: one file per subcommand.
        .executableTarget(name: "fundsim", dependencies: [
            "ClaimsFile", "Scenario", "Settlement", "PolicyCatalog", "Simulation", "Forecast", "Reporting", "ProjectedPopulation", "Cohort", "Sweep", "Calibration",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks: `fundsim-bench <name>`, one file per benchmark.
        .executableTarget(name: "fundsim-bench", dependencies: ["Settlement", "SettlementReference", "PolicyCatalog", "Scenario", "Simulation", "Cohort", "CBLAS", "ClaimsFile", "ClaimsFileReference", "Sweep", "Forecast", "RandomStreams", "ProjectedPopulation", "Reporting"]),
        .testTarget(name: "PolicyCatalogTests", dependencies: ["PolicyCatalog"]),
        .testTarget(name: "SettlementTests", dependencies: [
            "Settlement", "SettlementReference", "PolicyCatalog", "Scenario", "ClaimsFile",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "Yams", package: "Yams"),
        ], exclude: ["Cases"]),  // hand-worked cases, read at test time via #filePath
        // Counter-based random streams (Philox4x32-10) and the model's distributions.
        .target(name: "RandomStreams", dependencies: ["CPhilox"]),
        // Eight Philox blocks at once in AVX2, chosen at run time by RandomStreams when the CPU has it (C: Swift cannot target a CPU feature per function).
        .target(name: "CPhilox"),
        .testTarget(name: "RandomStreamsTests", dependencies: [
            "RandomStreams", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // The Monte Carlo model: synthetic populations, claims, the per-draw ledger.
        .target(name: "Simulation", dependencies: ["Settlement", "PolicyCatalog", "RandomStreams"]),
        // Output plumbing: streamed summaries, CSV, atomic folders, manifest, progress.
        .target(name: "Reporting"),
        // The forecast: per-draw region sums, streamed summaries, the CSV tables.
        .target(name: "Forecast", dependencies: ["Simulation", "Settlement", "Reporting"]),
        // Simulation, forecast and projection tests share small hand-built models.
        // Small hand-built models and plans shared by the simulation, forecast and projection tests.
        .target(name: "SimulationTestSupport", dependencies: ["Simulation", "Forecast", "Settlement", "PolicyCatalog"],
                path: "Tests/SimulationTestSupport"),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "SimulationTestSupport", "Forecast", "Reporting", "Settlement", "PolicyCatalog", "ProjectedPopulation", "Cohort"]),
        .testTarget(name: "ForecastTests", dependencies: ["Forecast", "SimulationTestSupport", "Simulation", "Reporting", "Settlement"]),
        .testTarget(name: "ProjectedPopulationTests", dependencies: ["ProjectedPopulation", "SimulationTestSupport", "Simulation", "Settlement", "Cohort"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "RandomStreams"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Settlement", "PolicyCatalog", "Simulation", "ProjectedPopulation"]),
        .testTarget(name: "ClaimsFileTests", dependencies: [
            "ClaimsFile", "ClaimsFileReference", "Settlement", "PolicyCatalog", "Reporting", "Scenario",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // Runs the built `fundsim` binary as a subprocess; depends on it so that it is built first.
        .testTarget(name: "fundsimTests", dependencies: ["fundsim", "FundsimTestSupport"]),
        // Runs the built `fundsim` as a subprocess: shared by the command-line tests (fundsimTests, CalibrationTests).
        .target(name: "FundsimTestSupport", path: "Tests/FundsimTestSupport"),
        // OpenBLAS through pkg-config (`openblas.pc`); links libopenblas, not generic blas.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // `fundsim sweep`: spec files, designs (grid, one at a time, Latin hypercube, points from CSV), points grouped by simulation model.
        .target(name: "Sweep", dependencies: [
            "Scenario", "Simulation", "Forecast", "Reporting", "RandomStreams", "ProjectedPopulation", "Cohort",
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Scenario", "Simulation", "Forecast", "Reporting", "Settlement"]),
        // `fundsim calibrate`: a county's claims extract and roster read, its model parameters fitted, an overlay written;
        // the rules check, the fit report (posterior predictive) and fitting to published targets.
        .target(name: "Calibration", dependencies: ["Scenario", "Simulation", "Settlement", "PolicyCatalog", "Reporting", "ClaimsFile", "ProjectedPopulation", "Cohort"]),
        // Also runs the built `fundsim calibrate`, `validate` and `run` as a user does; depends on the binary so it is built first.
        .testTarget(name: "CalibrationTests", dependencies: [
            "Calibration", "Scenario", "Simulation", "Settlement", "PolicyCatalog", "Reporting", "ClaimsFile", "ProjectedPopulation", "RandomStreams", "Cohort", "FundsimTestSupport", "fundsim",
        ]),
        // Multi-year cohort projection: transition matrices and the batched BLAS step (cells by Settlement's `Sex` and `PovertyStatus`).
        .target(name: "Cohort", dependencies: ["CBLAS", "Settlement"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort", "RandomStreams", "Settlement"]),
        // The forecast's multi-year population: the cohort projection batched over draws and counties.
        .target(name: "ProjectedPopulation", dependencies: ["Simulation", "Settlement", "Cohort"]),
    ]
)
