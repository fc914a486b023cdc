import Cohort
import Foundation
import RandomStreams

/// `fundsim-bench cohort [--counties 129] [--draws 1000] [--scales 1,10]
/// [--threads 1,2] [--peak-n 2000]`
///
/// Times one cohort step (X' = M·X plus flows) over counties × draws with
/// the batched dgemm (one shared M, and one M per draw), one dgemv per
/// county column, and the plain Swift triple loop, against the machine's
/// dgemm peak (square n × n) measured in the same run. Parameters are
/// synthetic but of realistic magnitude; a dense step's cost does not
/// depend on their values.
enum CohortBenchmark {
    static func run(arguments: [String]) {
        var options = ["counties": "129", "draws": "1000", "scales": "1,10", "threads": "1,2", "peak-n": "2000"]
        var rest = arguments[...]
        while let key = rest.popFirst() {
            guard key.hasPrefix("--"), options[String(key.dropFirst(2))] != nil, let value = rest.popFirst() else {
                print("unknown or incomplete option \(key); options: \(options.keys.sorted().map { "--" + $0 })")
                return
            }
            options[String(key.dropFirst(2))] = value
        }
        let counties = Int(options["counties"]!)!, baseDraws = Int(options["draws"]!)!
        let scales = options["scales"]!.split(separator: ",").map { Int($0)! }
        let threadCounts = options["threads"]!.split(separator: ",").map { Int($0)! }
        let peakN = Int(options["peak-n"]!)!
        let layout = CellLayout.standard
        let cells = layout.cellCount

        print("# cohort step benchmark")
        print("OpenBLAS core: \(BLASThreads.coreName); OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "(unset)")")
        print("OpenBLAS config: \(BLASThreads.configuration)")
        // The 2 cores are shared; the load average says how far to trust the 2-thread rows.
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3) ?? []
        print("load average at start: \(load.joined(separator: " "))")
        print("cells \(cells) (\(layout.ageBands.count) bands × 2 sexes × 2 poverty × \(layout.diseaseStates.count) disease states), counties \(counties)")

        for scale in scales {
            let draws = baseDraws * scale
            let columns = counties * draws
            print("\n## \(draws) draws: X is \(cells) × \(columns) (\(String(format: "%.2f", Double(cells * columns * 8) / 1e9)) GB)")
            var rng = SplitMix64(seed: 2024)
            let buildStart = ContinuousClock.now
            let steps = (0..<draws).map { _ in
                try! StepMatrix(layout: layout, parameters: syntheticParameters(layout: layout, using: &rng))
            }
            let buildSeconds = seconds(ContinuousClock.now - buildStart)
            print(String(format: "building one M per draw: %.1f ms for %d draws (%.1f µs each)",
                         buildSeconds * 1e3, draws, buildSeconds / Double(draws) * 1e6))
            var state = CohortState(layout: layout, counties: counties, draws: draws)
            for i in state.counts.elements.indices { state.counts.elements[i] = Double(rng.next() % 1000) }
            var next = CohortState(layout: layout, counties: counties, draws: draws)
            var flows = StepFlows(counties: counties, draws: draws)
            let shared = ColumnGroup.shared(steps[0], counties: counties, draws: draws)
            let perDraw = ColumnGroup.perDraw(steps, counties: counties)
            let flops = 2.0 * Double(cells) * Double(cells + StepFlow.allCases.count) * Double(columns)

            let naive = timeStep { CohortStep.advance(state, groups: perDraw, kernel: .reference, into: &next, flows: &flows) }
            let probe = [0, columns / 2, columns - 1]
            let naiveColumns = probe.map { j in (0..<cells).map { next.counts[$0, j] } }

            for threads in threadCounts {
                BLASThreads.set(threads)
                // Peak re-measured next to each table: other jobs share the cores.
                let peak = squareGEMMRate(n: peakN)
                print("\n### \(threads) BLAS thread(s); peak dgemm n=\(peakN) just before: \(String(format: "%.1f", peak / 1e9)) GFLOP/s")
                print("| kernel | groups | time/step (ms) | GFLOP/s | % of peak | speed-up vs naive |")
                print("|---|---|---:|---:|---:|---:|")
                let cases: [(String, StepKernel, [ColumnGroup], String)] = [
                    ("dgemm batched", .blasGEMM, shared, "1 shared M"),
                    ("dgemm batched", .blasGEMM, perDraw, "1 M per draw"),
                    ("dgemv per county", .blasGEMVPerColumn, perDraw, "1 M per draw"),
                ]
                for (name, kernel, groups, label) in cases {
                    let time = timeStep { CohortStep.advance(state, groups: groups, kernel: kernel, into: &next, flows: &flows) }
                    if groups.count > 1 {
                        let worst = zip(probe, naiveColumns).map { j, expected in
                            relativeDifference((0..<cells).map { next.counts[$0, j] }, expected)
                        }.max()!
                        precondition(worst < 1e-9, "\(name) disagrees with the reference: \(worst)")
                    }
                    row(name, label, time: time, flops: flops, peak: peak, naive: naive)
                }
                row("naive Swift loop", "1 M per draw", time: naive, flops: flops, peak: peak, naive: naive)
            }
        }
    }

    private static func row(_ name: String, _ groups: String, time: Double, flops: Double, peak: Double, naive: Double) {
        let rate = flops / time
        print(String(format: "| %@ | %@ | %.1f | %.2f | %.1f%% | %.1f× |",
                     name, groups, time * 1e3, rate / 1e9, 100 * rate / peak, naive / time))
    }

    /// Best of 2 to 5 runs, stopping after 5 runs or once 3 s have been spent:
    /// the cores are shared, so the best run is the least disturbed one.
    private static func timeStep(_ body: () -> Void) -> Double {
        var best = Double.infinity, spent = 0.0, runs = 0
        repeat {
            let start = ContinuousClock.now
            body()
            let t = seconds(ContinuousClock.now - start)
            best = min(best, t)
            spent += t
            runs += 1
        } while runs < 2 || (runs < 5 && spent < 3)
        return best
    }

    /// FLOP/s of C = A·B for square n × n with the current BLAS threads.
    private static func squareGEMMRate(n: Int) -> Double {
        var rng = SplitMix64(seed: 1)
        let a = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.unit() })
        let b = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.unit() })
        let time = timeStep { _ = StepKernel.blasGEMM.product(a, b) }
        return 2 * Double(n) * Double(n) * Double(n) / time
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.reduce(0) { max($0, abs($1)) }
        return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } / max(scale, .leastNormalMagnitude)
    }

    /// Synthetic rates of realistic size (Gompertz-like mortality, chronic
    /// onset rising with age), each draw scaled by a factor in 0.8...1.2.
    private static func syntheticParameters(layout: CellLayout, using rng: inout SplitMix64) -> CohortParameters {
        let ages = layout.ageBands.lowerBounds.map { Double($0) + 2.5 }
        func rates(_ f: (Double) -> Double, maleFactor: Double = 1) -> AgeSexRates {
            let jitter = 0.8 + 0.4 * rng.unit()
            return AgeSexRates(female: ages.map { min(0.5, jitter * f($0)) },
                               male: ages.map { min(0.5, jitter * maleFactor * f($0)) })
        }
        var p = CohortParameters.zero(for: layout)
        p.mortality = rates({ 0.0004 * exp(0.085 * $0) }, maleFactor: 1.4)
        p.povertyExitRate = 0.15 * (0.8 + 0.4 * rng.unit())
        p.diseases = [
            DiseaseRates(onset: rates { 0.002 * exp(0.04 * $0) }, remission: rates { _ in 0.02 },
                         excessMortality: rates { _ in 0.01 }),
            DiseaseRates(onset: rates { _ in 0.0002 }, remission: rates { _ in 0.001 },
                         excessMortality: rates { _ in 0.15 }),
            DiseaseRates(onset: rates { 0.0001 * exp(0.05 * $0) }, remission: rates { _ in 0.1 },
                         excessMortality: rates { _ in 0.2 }),
        ].prefix(layout.diseaseStates.count - 1).map { $0 }
        p.birthRate = 0.025 * (0.8 + 0.4 * rng.unit())
        p.maleBirthFraction = 110.0 / 210.0
        return p
    }
}
