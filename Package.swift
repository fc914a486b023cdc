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
        .target(name: "Reporting"),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
    ]
)
