import ArgumentParser
import ClaimsFile
import Foundation
import Reporting
import Scenario

/// `fundsim settle`: settles a claims file (POLICY.md section 10) against a
/// scenario's tiers, one-stop-settlement style, and writes each claim with
/// what every tier paid and the out-of-pocket. Streams: memory grows with the
/// number of distinct person-years, not with the file.
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle a claims file against a scenario's tiers.",
        discussion: """
            Reads a CSV claims file (columns person_id, setting, level, in_county, referral_compliant, disease, \
            total_cost, policy_range_cost; optional consultation_fee, year, poverty_status, welfare_category; \
            others carried through) and writes it back with one column per tier and out_of_pocket. \
            `-` reads standard input (--claims) or writes standard output (--out). \
            A row that breaks the contract stops the run with FILE:LINE: column NAME: what was expected, \
            exit status 2 (README: every exit status), and no output: a file is written to a temporary name and renamed at the end \
            (also removed on Ctrl-C or SIGTERM), standard output gets nothing.
            """
    )

    /// The claims file, or `-` for standard input.
    @Option(name: .long, help: ArgumentHelp("The claims CSV file, or - for standard input.", valueName: "file"))
    var claims: String

    /// The scenario: a built-in name or a path to a YAML file.
    @Option(name: .long, help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "name|path"))
    var scenario: String = ScenarioLoader.defaultName

    /// Where to write the settled CSV; standard output when absent or `-`.
    @Option(name: .long, help: ArgumentHelp("Write the settled CSV to this file (atomically); - or absent: standard output.", valueName: "file"))
    var out: String?

    /// Print the tier-by-tier arithmetic of every claim.
    @Flag(name: .long, help: "Print each claim's tier-by-tier arithmetic to standard output (instead of the CSV when there is no --out).")
    var explain = false

    /// Threads: 1, or 2 to parse the next block (and write the output) while settling this one.
    @Option(name: .long, help: ArgumentHelp("1, or 2 to parse and write while settling (the output is identical).", valueName: "n"))
    var threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if explain && out == "-" {
            throw ValidationError("--explain prints to standard output; give --out a file for the CSV")
        }
    }

    func run() throws {
        let loaded = try ScenarioArgument.load(scenario)
        let settler: ClaimsFileSettler
        do { settler = try ClaimsFileSettler(plan: loaded.plan, years: loaded.years) } catch {
            throw Diagnostics.fail("\(loaded.sourceName): \(error)")
        }
        let fromStandardInput = claims == "-"
        let name = fromStandardInput ? "<stdin>" : claims
        // A named claims file must be a regular file (a FIFO would block, a device never end; `-` reads a pipe).
        let inputDescriptor: Int32
        do { inputDescriptor = fromStandardInput ? STDIN_FILENO : try InputFile.open(claims, what: "claims file") } catch {
            let hint = error.problem == .notRegular("a FIFO (named pipe)") ? "; to read a pipe, give --claims - and redirect it to standard input" : ""
            throw Diagnostics.fail(error.description + hint, .missingInput)
        }
        defer { if !fromStandardInput { close(inputDescriptor) } }

        // Where each stream goes: a file through a temporary renamed at the end,
        // standard output through an unnamed spool copied at the end, so that an
        // error leaves no partial output anywhere.
        let toFile = out != nil && out != "-"
        let csvFile: AtomicFileStream?
        do { csvFile = toFile ? try AtomicFileStream(path: out!) : nil } catch {
            throw Diagnostics.fail("\(out!): cannot write: \(error)", .cannotWrite)
        }
        let spool: Spool?
        do { spool = (toFile && !explain) ? nil : try Spool() } catch {
            csvFile?.discard()
            throw Diagnostics.fail("cannot create a temporary file for standard output: \(error)", .cannotWrite)
        }
        let csvSink: ByteSink? = csvFile.map { AtomicFileSink($0) } ?? (explain ? nil : spool)
        let explanationSink: ByteSink? = explain ? spool : nil
        do {
            try settler.settle(name: name, from: FileDescriptorSource(fileDescriptor: inputDescriptor, name: name),
                               csv: csvSink, explanation: explanationSink,
                               options: ClaimsFileSettler.Options(threads: threads))
            try csvFile?.commit()
            try spool?.copy(to: STDOUT_FILENO)
        } catch {
            csvFile?.discard()
            // The data's fault is 2; failing to read the input is 3, to write the output 4 (README, "Exit status").
            let status: ExitStatus = switch error {
            case let io as ClaimsIOError: io.operation == "read" ? .missingInput : .cannotWrite
            case is ReportingError: .cannotWrite
            default: .badInput
            }
            throw Diagnostics.fail("\(error)", status)
        }
    }
}

/// Writes settled bytes to an ``AtomicFileStream``, starting the disk writes
/// of every 8 MiB as it goes (Linux `sync_file_range`, which does not wait), so
/// that the `fsync` of the commit waits for the last few megabytes instead of
/// the whole file: for a 150 MB output that was most of the wall time left.
private final class AtomicFileSink: ByteSink {
    let file: AtomicFileStream
    private var written: Int64 = 0
    private var started: Int64 = 0
    private static let writeBehind: Int64 = 8 << 20

    init(_ file: AtomicFileStream) { self.file = file }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try file.write(bytes)
        written += Int64(bytes.count)
        if written - started >= Self.writeBehind {
            startWriteBack(fileDescriptor: file.fileDescriptor, offset: started, count: written - started)
            started = written
        }
    }
}

/// An unnamed temporary file (removed by the system when closed, also on a
/// kill) that collects what goes to standard output, copied there at the end.
private final class Spool: ByteSink {
    private let fd: Int32
    private let path: String

    init() throws {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        path = directory
        #if os(Linux)
        let oTmpFile: Int32 = 0o20200000  // O_TMPFILE (__O_TMPFILE | O_DIRECTORY), not exported to Swift
        var descriptor = open(directory, O_RDWR | oTmpFile | O_CLOEXEC, 0o600)
        #else
        var descriptor: Int32 = -1
        #endif
        if descriptor < 0 {
            var template = Array("\(directory)/.fundsim-stdout-XXXXXX".utf8CString)
            descriptor = mkstemp(&template)
            guard descriptor >= 0 else { throw ClaimsIOError(file: directory, operation: "create a temporary file in", code: errno) }
            unlink(String(cString: template))
        }
        fd = descriptor
    }

    deinit { close(fd) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try FileDescriptorSink(fileDescriptor: fd, name: "temporary file in \(path)").write(bytes)
    }

    /// Copies everything written to `target`.
    func copy(to target: Int32) throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw ClaimsIOError(file: "temporary file in \(path)", operation: "rewind", code: errno) }
        let source = FileDescriptorSource(fileDescriptor: fd, name: "temporary file in \(path)")
        let sink = FileDescriptorSink(fileDescriptor: target, name: "standard output")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
