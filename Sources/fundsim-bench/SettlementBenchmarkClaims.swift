import Foundation
import PolicyCatalog
import Settlement
import RandomStreams

/// The benchmarks' draws from the seeded ``SplitMix64``: their inputs are the
/// same on every run and machine.
extension SplitMix64 {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Log-normal with the given median and log-scale spread.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * z)
    }
}

/// Synthetic Yunnan claims grouped by person-year, in the mix of the brief:
/// ~70% general outpatient, 15% chronic outpatient, 13% inpatient, 2% major
/// disease, 1 to 5 claims per person-year (mean 3). Costs follow the 2018
/// national averages of POLICY.md section 9 with a log-normal spread.
struct SyntheticClaims {
    /// The claims, person-year after person-year.
    var claims: [Claim]
    /// `claims[personYearStart[i] ..< personYearStart[i + 1]]` is person-year i.
    var personYearStart: [Int]

    init(count: Int, seed: UInt64, catalog: DiseaseCatalog = .standard) {
        var rng = SplitMix64(seed: seed)
        let outpatient28 = catalog.diseases.indices.filter { catalog.diseases[$0].lists.contains(.outpatient28) }
        let major15 = catalog.diseases.indices.filter { catalog.diseases[$0].lists.contains(.major15) }
        let hypertension = catalog.index(of: "hypertension")!, diabetes = catalog.index(of: "diabetes")!
        claims = []
        claims.reserveCapacity(count)
        personYearStart = [0]
        while claims.count < count {
            let n = min(1 + rng.below(5), count - claims.count)
            for _ in 0..<n { claims.append(Self.claim(&rng, outpatient28: outpatient28, major15: major15, hypertension: hypertension, diabetes: diabetes)) }
            personYearStart.append(claims.count)
        }
    }

    private static func claim(_ rng: inout SplitMix64, outpatient28: [Int], major15: [Int], hypertension: Int, diabetes: Int) -> Claim {
        let kind = rng.unit()
        let compliant = rng.unit() < 0.9
        func share(_ low: Double, _ high: Double) -> Double { low + (high - low) * rng.unit() }
        if kind < 0.70 {
            let township = rng.unit() < 0.6
            let total = Money(roundingYuan: rng.logNormal(median: township ? 85 : 203, sigma: 0.6))
            let range = Money(fen: Int64(Double(total.fen) * share(0.85, 1.0)))
            let fee = Money(fen: min(range.fen, township ? 1_000 : 1_500))
            return Claim(setting: .generalOutpatient, level: township ? .township : .county, inCounty: true,
                         referralCompliant: true, totalCost: total, policyRangeCost: range, consultationFee: fee)
        }
        if kind < 0.85 {
            let pick = rng.unit()
            let disease = pick < 0.4 ? hypertension : pick < 0.65 ? diabetes : outpatient28[rng.below(outpatient28.count)]
            let total = Money(roundingYuan: rng.logNormal(median: 600, sigma: 0.9))
            let range = Money(fen: Int64(Double(total.fen) * share(0.8, 1.0)))
            return Claim(setting: .chronicOutpatient, level: rng.unit() < 0.5 ? .township : .county, inCounty: true,
                         referralCompliant: true, disease: DiseaseIndex(disease), totalCost: total, policyRangeCost: range)
        }
        if kind < 0.98 {
            let u = rng.unit()
            let level: FacilityLevel = u < 0.30 ? .township : u < 0.75 ? .county : u < 0.92 ? .prefecture : .provincial
            let median: Double = [1_900, 6_015, 13_306, 20_000][level.rawValue]
            let total = Money(roundingYuan: rng.logNormal(median: median, sigma: 0.7))
            let range = Money(fen: Int64(Double(total.fen) * share(0.75, 0.95)))
            return Claim(setting: .inpatient, level: level, inCounty: level.rawValue <= 1, referralCompliant: compliant,
                         totalCost: total, policyRangeCost: range)
        }
        let disease = major15[rng.below(major15.count)]
        let total = Money(roundingYuan: rng.logNormal(median: 30_000, sigma: 0.5))
        let level: FacilityLevel = rng.unit() < 0.6 ? .prefecture : .provincial
        return Claim(setting: .majorDisease, level: level, inCounty: false, referralCompliant: compliant,
                     disease: DiseaseIndex(disease), totalCost: total, policyRangeCost: total)
    }
}
