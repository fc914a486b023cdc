import Foundation

/// Paths in the package, located from this file so tests run from any directory.
enum PackagePaths {
    /// The package root (two levels above `Tests/ScenarioTests`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Scenarios/NAME.yaml`.
    static func scenarioFile(_ name: String) -> URL {
        root.appendingPathComponent("Scenarios").appendingPathComponent("\(name).yaml")
    }
}
