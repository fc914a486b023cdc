import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fit of one cost distribution (the costs of a facility level's
/// admissions, or of a disease's case-years) to the model's family.
///
/// The simulation draws these costs from a log-normal given by its mean and
/// coefficient of variation. The fit is by maximum likelihood (μ̂, σ̂² the mean
/// and the variance, divisor n, of the log costs; mean = exp(μ̂ + σ̂²/2),
/// cv = √(exp σ̂² − 1); standard errors by the delta method from
/// Var μ̂ = σ²/n, Var σ̂² = 2σ⁴/n), then tested by Anderson–Darling on the log
/// costs. When the test rejects the family at the settings' level, the model
/// has no heavier-tailed family to offer instead, so the fit matches the
/// sample's moments (mean and cv, with moment standard errors): the log-normal
/// MLE would understate the mean of a heavier tail, and the mean is what the
/// money forecast needs. Zero costs cannot be log-normal: they are left out of
/// the log fit (and counted), but kept in the moments.
struct CostDistributionFit: Sendable {
    enum Method: Sendable { case lognormalMaximumLikelihood, moments }
    var mean: Double
    var cv: Double
    var meanSE: Double
    var cvSE: Double
    var n: Int
    var zeroCosts: Int
    var method: Method
    /// A*² and p of the Anderson–Darling test (nil with fewer than 8 positive costs).
    var test: (statistic: Double, pValue: Double)?

    /// Fits `costs` (yuan, already in the base year's prices); `nil` for an empty sample.
    static func fit(_ costs: [Double], level: Double) -> CostDistributionFit? {
        guard !costs.isEmpty else { return nil }
        var moments = Moments()
        var logs: [Double] = []
        logs.reserveCapacity(costs.count)
        for x in costs {
            moments.add(x)
            if x > 0 { logs.append(log(x)) }
        }
        let zeros = costs.count - logs.count
        let test = AndersonDarling.test(logs)
        let rejected = test.map { $0.pValue < level } ?? false
        if logs.count >= 2 && !rejected {
            let k = Double(logs.count)
            let mu = logs.reduce(0, +) / k
            let s2 = logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / k
            let mean = exp(mu + s2 / 2)
            let cv = (exp(s2) - 1).squareRoot()
            let meanSE = mean * (s2 / k + s2 * s2 / (2 * k)).squareRoot()
            let cvSE = cv > 0 ? exp(s2) / (2 * cv) * s2 * (2 / k).squareRoot() : 0
            return CostDistributionFit(mean: mean, cv: cv, meanSE: meanSE, cvSE: cvSE, n: costs.count, zeroCosts: zeros,
                                       method: .lognormalMaximumLikelihood, test: test)
        }
        return CostDistributionFit(mean: moments.mean, cv: moments.cv, meanSE: moments.meanSE, cvSE: moments.cvSE, n: costs.count,
                                   zeroCosts: zeros, method: .moments, test: test)
    }

    /// How the source text describes the fit.
    var description: String {
        let tested = test.map { String(format: "Anderson–Darling A² = %.3g, p = %.3g", $0.statistic, $0.pValue) } ?? "too few positive costs to test the family"
        let zerosNote = zeroCosts > 0 ? "; \(zeroCosts) zero costs left out of the log fit" : ""
        switch method {
        case .lognormalMaximumLikelihood:
            return "log-normal by maximum likelihood (\(tested))\(zerosNote)"
        case .moments:
            return "log-normal REJECTED (\(tested)); the model has no heavier-tailed cost family, so mean and cv are the sample's moments\(zerosNote)"
        }
    }
}
