// swift-tools-version: 6.1
// libFuzzer targets for fundsim's input readers: the claims reader (with settlement and its
// invariants) and the scenario loader. A separate package so that plain `swift build` and
// `swift test` of fundsim never see them; built and run by Tests/Fuzz/run.sh with
// `-sanitize=fuzzer,address`.
import PackageDescription

// A path dependency's identity is the last component of its path: the name of the folder
// fundsim is checked out in, whatever it is.
let fundsimRoot = Context.packageDirectory + "/../.."
let fundsimIdentity = Context.packageDirectory.split(separator: "/").dropLast(2).last.map { String($0).lowercased() } ?? "fundsim"

// lld: GNU gold (the default here) fails with an internal error on the sanitizer-instrumented objects.
let linker: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "fundsim-fuzz",
    dependencies: [
        .package(path: fundsimRoot),
    ],
    targets: [
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "CFuzzer"),
        .executableTarget(name: "FuzzClaims", dependencies: ["CFuzzer", .product(name: "FundsimInputs", package: fundsimIdentity)],
                          linkerSettings: linker),
        .executableTarget(name: "FuzzScenario", dependencies: ["CFuzzer", .product(name: "FundsimInputs", package: fundsimIdentity)],
                          linkerSettings: linker),
    ]
)
