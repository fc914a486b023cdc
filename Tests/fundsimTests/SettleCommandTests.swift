import Foundation
import Testing
import FundsimTestSupport

/// `fundsim settle` as a user runs it: standard input and output, atomic
/// output, and real signals on a real child process.
@Suite("fundsim settle", .serialized)
struct SettleCommandTests {
    static let header = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost\n"
    static let row = "P1,inpatient,county,true,true,,10000,8000\n"

    /// Starts `fundsim` with a pipe on standard input that the test writes to.
    static func start(_ arguments: [String]) throws -> (Process, FileHandle, Pipe, Pipe) {
        let process = Process()
        process.executableURL = FundsimRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = FundsimRunner.packageRoot
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, input.fileHandleForWriting, out, err)
    }

    /// Runs with `stdin` as standard input.
    static func run(_ arguments: [String], stdin: String) throws -> FundsimRunner.Result {
        let (process, input, out, err) = try start(arguments)
        input.write(Data(stdin.utf8))
        try input.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FundsimRunner.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func standardInputToStandardOutputMatchesTheFile() throws {
        let example = try String(contentsOf: FundsimRunner.packageRoot.appendingPathComponent("Scenarios/examples/claims-yunnan.csv"), encoding: .utf8)
        let fromFile = try FundsimRunner.run(["settle", "--claims", "Scenarios/examples/claims-yunnan.csv"])
        let piped = try Self.run(["settle", "--claims", "-", "--out", "-"], stdin: example)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == fromFile.stdout)
        #expect(piped.stdout.hasPrefix("claim_id,person_id,year,"))
        for threads in ["1", "2"] {
            let result = try Self.run(["settle", "--claims", "-", "--threads", threads], stdin: example)
            #expect(result.stdout == fromFile.stdout)
        }
    }

    @Test func errorsNameStandardInputAndPrintNoPartialOutput() throws {
        let result = try Self.run(["settle", "--claims", "-"], stdin: Self.header + Self.row + Self.row + "P2,inpatient,County,TRUE,true,,5,6\n")
        #expect(result.status == 2)
        #expect(result.stderr == "error: <stdin>:4: column policy_range_cost: expected at most total_cost (5.00), got \"6\"\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func explainWithStandardOutputForTheCSVIsAUsageError() throws {
        let result = try Self.run(["settle", "--claims", "-", "--out", "-", "--explain"], stdin: Self.header + Self.row)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--explain prints to standard output"))
    }

    @Test func issueReproducersAreRefusedWithLineAndColumn() throws {
        for (scenario, row, column, message) in [
            ("yunnan-2017", "P1,inpatient,provincial,false,true,,999999999999.99,999999999999.99", "total_cost", "expected at most 1000000000.00 yuan"),
            ("yunnan-2017", "P1,general_outpatient,township,true,true,,185000000000,185000000000", "total_cost", "expected at most 1000000000.00 yuan"),
            ("yunnan-2017", "P1,major_disease,county,true,true,hypertension,100,100", "disease", "expected one of the 15 major diseases"),
            ("yunnan-2017", "P1,chronic_outpatient,county,true,true,cataract,100,100", "disease", "expected one of the 28 outpatient diseases"),
        ] {
            let result = try Self.run(["settle", "--claims", "-", "--scenario", scenario], stdin: Self.header + row + "\n")
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("error: <stdin>:2: column \(column): \(message)"), "\(result.stderr)")
        }
        for scenario in ["Scenarios/xinbin-2018.yaml", "Scenarios/qujiang-2018.yaml", "Scenarios/prefecture-2018.yaml", "yunnan-2017"] {
            for year in ["0000", "2030"] {
                let result = try Self.run(["settle", "--claims", "-", "--scenario", scenario], stdin: "year," + Self.header + year + "," + Self.row)
                #expect(result.status == 2, "\(scenario) \(year)")
                #expect(result.stderr.contains("<stdin>:2: column year: expected a year of the scenario's horizon"), "\(scenario): \(result.stderr)")
            }
        }
    }

    /// Spawns `fundsim` with SIGINT and SIGTERM at their default action (a test
    /// runner may start its children with them ignored, which `fundsim` then
    /// respects) and a pipe on standard input; returns the pid and the pipe's write end.
    static func spawnWithDefaultSignals(_ arguments: [String]) throws -> (pid_t, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([FundsimRunner.executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, FundsimRunner.executable.path, &actions, &attributes, argv, environ)
        close(fds[0])
        guard status == 0 else { close(fds[1]); throw POSIXError(.ENOEXEC) }
        return (pid, fds[1])
    }

    /// SIGINT and SIGTERM while `settle` is writing: the temporary file is
    /// removed, the earlier output at the same place is intact, and the process
    /// ends by the signal.
    @Test(arguments: [SIGINT, SIGTERM])
    func signalLeavesNoTemporaryAndTheEarlierOutputIntact(signalNumber: Int32) throws {
        let dir = try FundsimRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("settled.csv")
        try "earlier result\n".write(to: out, atomically: true, encoding: .utf8)
        // A child that failed early must not take the test down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let (pid, input) = try Self.spawnWithDefaultSignals(["settle", "--claims", "-", "--out", out.path])
        defer { close(input) }
        // Rows to settle and write, then the input stays open: the child waits mid-file.
        let rows = Array((Self.header + String(repeating: Self.row, count: 50_000)).utf8)
        rows.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(input, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        var temporaries: [String] = []
        for _ in 0..<200 {
            temporaries = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".settled.csv.tmp-") }
            if !temporaries.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(temporaries.count == 1, "the temporary file should exist while settle runs")
        Thread.sleep(forTimeInterval: 0.3)
        kill(pid, signalNumber)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // Killed by the signal (the shell would report 128 + signal).
        #expect(status & 0x7F == signalNumber)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["settled.csv"])
        #expect(try String(contentsOf: out, encoding: .utf8) == "earlier result\n")
    }
}
