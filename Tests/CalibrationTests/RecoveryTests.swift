import Foundation
import Testing
import Scenario
@testable import Calibration

/// Recovery: extracts simulated from known parameters (``SyntheticCounty``)
/// are fitted, and each fitted parameter must lie within 1.96 reported
/// standard deviations of the truth in at least 95% of cases, up to binomial
/// noise: with K checks the count inside is at least Binomial(K, 0.95) if the
/// reported uncertainties are honest (one cv per table, the largest entry's, is
/// conservative), so fewer than the 0.1% quantile of Binomial(K, 0.95) fails.
/// The same check must reject the fit's own answers with uncertainties shrunk 5×.
@Suite("Recovery of known parameters")
struct RecoveryTests {
    static let base: BaseModel = try! BaseModel(scenario: ScenarioLoader.load(nameOrPath: "yunnan-2017"), countyID: "kunming.luquan")

    struct Check {
        var path: String
        var key: String
        var fitted: Double
        var truth: Double
        var sd: Double
    }

    /// Every fitted (not fallen back) entry with a truth, per replicate.
    static func checks(replicates: Int, people: Int) throws -> [Check] {
        var out: [Check] = []
        let truth = SyntheticCounty.allTruth
        for r in 0..<replicates {
            let extract = SyntheticCounty.extract(people: people, seed: 20_181_128, replicate: UInt64(r))
            let result = try CountyCalibration.fit(extract, base: base)
            for q in result.allQuantities {
                guard let entries = truth[q.path] else { continue }
                let written = q.writtenValues
                for (i, key) in q.keys.enumerated() where !q.fellBack[i] {
                    guard let t = entries[key] else { continue }
                    out.append(Check(path: q.path, key: key, fitted: written[i], truth: t, sd: q.reportedStandardDeviation(i)))
                }
            }
        }
        return out
    }

    /// The smallest k with P(Binomial(n, p) < k) > alpha, i.e. counts below it are rejected at level alpha.
    static func binomialLowerBound(n: Int, p: Double, alpha: Double) -> Int {
        var cdf = 0.0
        for k in 0...n {
            let choose: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            let logPMF: Double = choose + Double(k) * log(p) + Double(n - k) * log(1 - p)
            if cdf + exp(logPMF) > alpha { return k }
            cdf += exp(logPMF)
        }
        return n
    }

    @Test func fittedParametersCoverTheTruth() throws {
        let checks = try Self.checks(replicates: 6, people: 6000)
        // Entries without sampling spread (a fixed fee, an in-county share of exactly 1 or 0) must be exact.
        let exact = checks.filter { $0.sd == 0 }
        for c in exact { #expect(abs(c.fitted - c.truth) <= 1e-9 * max(1, c.truth), "\(c.path).\(c.key): \(c.fitted) vs \(c.truth)") }
        let random = checks.filter { $0.sd > 0 }
        let paths = Set(random.map(\.path))
        #expect(paths.count >= 25, "checks cover \(paths.count) quantities")
        let k = random.count
        let bound = Self.binomialLowerBound(n: k, p: 0.95, alpha: 0.001)
        func inside(_ shrink: Double) -> Int { random.filter { abs($0.fitted - $0.truth) <= 1.96 * $0.sd / shrink }.count }
        let covered = inside(1)
        let misses = random.filter { abs($0.fitted - $0.truth) > 1.96 * $0.sd }.map { "\($0.path).\($0.key) \($0.fitted) vs \($0.truth) ± \($0.sd)" }
        #expect(covered >= bound, "\(covered) of \(k) within 1.96 sd; need at least \(bound); misses: \(misses)")
        // The check has power: the same answers with uncertainties 5× too small fail it.
        #expect(inside(5) < bound, "shrunk 5×: \(inside(5)) of \(k) still inside (bound \(bound))")
        print("recovery: \(covered) of \(k) fitted entries within 1.96 reported sd of the truth (\(String(format: "%.1f", 100 * Double(covered) / Double(k)))%); bound \(bound); shrunk 5×: \(inside(5))")
    }
}
