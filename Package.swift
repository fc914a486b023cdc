// swift-tools-version: 6.1
// fundsim: forecasts the money flows of China's health-poverty-alleviation
// policy (健康扶贫). One executable over small library modules, each with one job.
import PackageDescription

let package = Package(
    name: "fundsim",
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // OpenBLAS through pkg-config (`openblas.pc`); links libopenblas, not generic blas.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Multi-year cohort projection: transition matrices and the batched BLAS step.
        .target(name: "Cohort", dependencies: ["CBLAS"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort"]),
        // Benchmarks: `fundsim-bench <name> ...`, one file per benchmark.
        .executableTarget(name: "fundsim-bench", dependencies: ["Cohort", "CBLAS"]),
    ]
)
