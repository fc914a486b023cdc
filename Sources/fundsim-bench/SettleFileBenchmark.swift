import ClaimsFile
import ClaimsFileReference
import Foundation
import Scenario
#if canImport(Glibc)
import Glibc
#endif

/// `fundsim-bench settle-file [--claims 100000,1000000,10000000] [--runs 3]
/// [--threads 2] [--baseline-max 1000000]`: end-to-end claims/s and peak
/// memory of settling a generated claims file (Yunnan 2017 scenario, about
/// 3.5 claims per person as in a county's extract), with the reader it
/// replaced (`ClaimsFileReference`, whole file in memory) as the baseline in
/// the same run. Each run is a child process of this benchmark (so its peak
/// RSS is its own, from `wait4`), new and baseline alternated, medians quoted.
/// The baseline is skipped above `--baseline-max` claims (it needs about
/// 0.9 GB per million claims).
///
/// `fundsim-bench settle-file --write FILE CLAIMS [PERSONS]` writes such a file.
enum SettleFileBenchmark {
    static func run(arguments: [String]) {
        if arguments.first == "--child" { return child(Array(arguments.dropFirst())) }
        if arguments.first == "--write", arguments.count >= 3, let n = Int(arguments[2]) {
            let persons = arguments.count > 3 ? Int(arguments[3])! : personsFor(n)
            let file = RandomClaimsFile(claims: n, persons: persons)
            FileManager.default.createFile(atPath: arguments[1], contents: nil)
            let handle = FileHandle(forWritingAtPath: arguments[1])!
            file.write { handle.write(Data($0)) }
            try? handle.close()
            print("wrote \(n) claims of \(persons) persons to \(arguments[1])")
            return
        }
        var options = ["claims": "100000,1000000,10000000", "runs": "3", "threads": "2", "baseline-max": "1000000"]
        var i = 0
        while i + 1 < arguments.count, arguments[i].hasPrefix("--") {
            options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
            i += 2
        }
        let sizes = options["claims"]!.split(separator: ",").compactMap { Int($0) }
        let runs = Int(options["runs"]!)!
        let threads = options["threads"]!
        let baselineMax = Int(options["baseline-max"]!)!
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundsim-settle-file-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print("settle-file benchmark: Yunnan 2017, \(runs) alternated runs per size, streaming with \(threads) thread(s); medians")
        print("| claims | persons | file MB | streaming claims/s | CPU s | peak RSS MB | bytes/person-year | baseline claims/s | baseline CPU s | baseline peak RSS MB | speed-up (wall) | speed-up (CPU) | memory ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for n in sizes {
            let input = directory.appendingPathComponent("claims-\(n).csv").path
            let output = directory.appendingPathComponent("settled-\(n).csv").path
            let persons = personsFor(n)
            FileManager.default.createFile(atPath: input, contents: nil)
            let handle = FileHandle(forWritingAtPath: input)!
            RandomClaimsFile(claims: n, persons: persons).write { handle.write(Data($0)) }
            try? handle.close()
            let size = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
            var new: [Run] = []
            var old: [Run] = []
            for _ in 0..<runs {
                if let r = spawn(["--child", "new", input, output, threads]) { new.append(r) }
                if n <= baselineMax, let r = spawn(["--child", "old", input, output + ".old", "1"]) { old.append(r) }
            }
            if n <= baselineMax, let a = try? Data(contentsOf: URL(fileURLWithPath: output)), let b = try? Data(contentsOf: URL(fileURLWithPath: output + ".old")), a != b {
                print("ERROR: streaming and baseline outputs differ for \(n) claims")
            }
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: output + ".old")
            let newTime = median(new.map(\.seconds)), newRSS = median(new.map(\.peakRSS)), newCPU = median(new.map(\.cpuSeconds))
            let personYears = new.first?.personYears ?? 0
            var row = "| \(n) | \(persons) | \(f1(Double(size) / 1e6)) | \(f1(Double(n) / newTime / 1e6)) M | \(f2(newCPU)) | \(f1(newRSS / 1e6)) | \(Int(newRSS / Double(max(personYears, 1)))) (\(personYears) person-years) |"
            if old.isEmpty {
                row += " skipped | skipped | skipped | – | – | – |"
            } else {
                let oldTime = median(old.map(\.seconds)), oldRSS = median(old.map(\.peakRSS)), oldCPU = median(old.map(\.cpuSeconds))
                row += " \(f1(Double(n) / oldTime / 1e6)) M | \(f2(oldCPU)) | \(f1(oldRSS / 1e6)) | \(f1(oldTime / newTime))× | \(f1(oldCPU / newCPU))× | \(f1(oldRSS / newRSS))× less |"
            }
            print(row)
        }
    }

    /// About 400,000 persons per 1.4 million claims.
    static func personsFor(_ claims: Int) -> Int { max(1, claims * 2 / 7) }

    /// One child's figures: wall seconds of the settle, peak RSS in bytes,
    /// person-years, and the child's CPU seconds (user + system, from `wait4`;
    /// steadier than wall time on a loaded machine).
    struct Run {
        var seconds: Double
        var peakRSS: Double
        var personYears: Int
        var cpuSeconds: Double
    }

    /// Runs one child.
    static func spawn(_ arguments: [String]) -> Run? {
        let executable = "/proc/self/exe"
        var pid: pid_t = 0
        let argv = (["fundsim-bench", "settle-file"] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let pipeFDs = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        defer { pipeFDs.deallocate() }
        guard pipe(pipeFDs) == 0 else { return nil }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        let target = realpath(executable, nil).map { String(cString: $0) } ?? CommandLine.arguments[0]
        guard posix_spawn(&pid, target, &actions, nil, argv, environ) == 0 else { return nil }
        close(pipeFDs[1])
        let output = FileHandle(fileDescriptor: pipeFDs[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let words = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let seconds = Double(words[0]), let personYears = Int(words[1]) else {
            print("child failed: \(String(decoding: output, as: UTF8.self))")
            return nil
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
        return Run(seconds: seconds, peakRSS: Double(usage.ru_maxrss) * 1024, personYears: personYears, cpuSeconds: cpu)
    }

    /// One run: `new|old INPUT OUTPUT THREADS`; prints seconds and person-years.
    static func child(_ arguments: [String]) {
        let (mode, input, output, threads) = (arguments[0], arguments[1], arguments[2], Int(arguments[3])!)
        let scenario = try! ScenarioLoader.load(nameOrPath: ScenarioLoader.defaultName)
        let start = ContinuousClock.now
        var personYears = 0
        if mode == "new" {
            let settler = try! ClaimsFileSettler(plan: scenario.plan, years: scenario.years)
            let inFD = open(input, O_RDONLY)
            let outFD = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let summary = try! settler.settle(name: input, from: FileDescriptorSource(fileDescriptor: inFD, name: input),
                                              csv: FileDescriptorSink(fileDescriptor: outFD, name: output),
                                              options: ClaimsFileSettler.Options(threads: threads))
            close(outFD)
            close(inFD)
            personYears = summary.personYears
        } else {
            let bytes = FileManager.default.contents(atPath: input)!
            let file = try! ReferenceClaimsFile(name: input, bytes: Array(bytes), defaultYear: scenario.years.lowerBound)
            let settled = try! file.settle(with: scenario.plan)
            FileManager.default.createFile(atPath: output, contents: Data(settled.csvBytes()))
        }
        let elapsed = ContinuousClock.now - start
        print("\(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) \(personYears)")
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func f1(_ value: Double) -> String { String(format: "%.1f", value) }
    static func f2(_ value: Double) -> String { String(format: "%.2f", value) }
}
