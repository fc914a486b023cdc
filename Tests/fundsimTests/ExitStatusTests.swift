import Foundation
import Testing
import FundsimTestSupport

/// One exit status per kind of failure, the same in every subcommand (README, "Exit status"):
/// 0 success, 1 internal error, 2 bad input data, 3 missing input, 4 cannot write output, 64 usage.
@Suite("exit statuses and first contact")
struct ExitStatusTests {
    @Test("--version prints the version the manifest records")
    func version() throws {
        let result = try FundsimRunner.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.split(separator: ".").count == 3 && version.allSatisfy { $0.isNumber || $0 == "." }, "\(version)")
        let source = try String(contentsOf: FundsimRunner.packageRoot.appendingPathComponent("Sources/Reporting/ProgramVersion.swift"), encoding: .utf8)
        #expect(source.contains("\"\(version)\""))
    }

    @Test("usage mistakes exit 64 with a message, in every Monte Carlo command", arguments: [
        ["run", "--draws", "0"], ["run", "--draws", "-1"], ["run", "--threads", "-2"], ["run", "--years", "2030"],
        ["run", "--years", "2019-2017"], ["compare", "yunnan-2017", "yunnan-2017", "--draws", "-5"],
        ["compare", "yunnan-2017", "yunnan-2017", "--years", "2031"], ["capitation", "--draws", "0"],
        ["capitation", "--target-risk", "-0.1"], ["capitation", "--pilot", "nosuch", "--draws", "1", "--years", "2017"],
        ["run", "--nosuch"], ["nosuch"], ["help", "nosuch"], ["help", "run", "nosuch"],
    ])
    func usage(arguments: [String]) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try FundsimRunner.run(arguments + (["run", "compare"].contains(arguments[0]) ? ["--out", folder.appendingPathComponent("x").path] : []),
                                           in: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.lowercased().contains("error"), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a negative draw count is named as such, not as a missing value")
    func negativeDraws() throws {
        let result = try FundsimRunner.run(["run", "--draws", "-1", "--quiet"])
        #expect(result.stderr.contains("--draws must be at least 1, got -1"), "\(result.stderr)")
    }

    @Test("a missing file, a folder or an unknown built-in name as input exits 3 with the path named", arguments: [
        ["validate", "nosuch.yaml"], ["validate", "Scenarios"], ["validate", "Scenarios/"], ["validate", "nosuch"],
        ["run", "Scenarios/examples", "--quiet"], ["settle", "--claims", "nosuch.csv"], ["settle", "--claims", "Scenarios"],
        ["settle", "--claims", "Scenarios/examples/claims-yunnan.csv", "--scenario", "Scenarios/examples/"], ["params", "Scenarios/"],
    ])
    func missingInput(arguments: [String]) throws {
        let result = try FundsimRunner.run(arguments)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        let named = arguments.first { $0.hasPrefix("nosuch") || $0.hasPrefix("Scenarios") && !$0.hasSuffix(".csv") } ?? ""
        #expect(result.stderr.contains(named), "\(result.stderr)")
        if named.hasPrefix("Scenarios") { #expect(result.stderr.contains("is a folder")) }
    }

    @Test("a settled file that cannot be written exits 4")
    func cannotWrite() throws {
        let result = try FundsimRunner.run(["settle", "--claims", "Scenarios/examples/claims-yunnan.csv", "--out", "/nonexistent-folder/settled.csv"])
        #expect(result.status == 4, "\(result.stderr)")
    }

    @Test("fundsim scenarios lists every built-in scenario with its years, the default first")
    func scenarios() throws {
        let result = try FundsimRunner.run(["scenarios"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: FundsimRunner.packageRoot.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        #expect(lines.count == shipped.count + 2)
        #expect(lines[2].hasPrefix("yunnan-2017 ") && lines[2].contains("2017-2020"))
        for name in shipped { #expect(lines.contains { $0.hasPrefix(name) }, "\(name)") }
    }
}
