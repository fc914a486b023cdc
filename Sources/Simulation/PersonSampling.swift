import Foundation
import RandomStreams
import Settlement

/// `Money(roundingYuan:)` exactly (to the fen, halves away from zero) without a libm
/// call: `round` was 2.7% of the simulation's profile. For |100·yuan| < 2^52 the
/// fraction `x − trunc(x)` is exact, so comparing it with ½ rounds exactly as
/// `rounded(.toNearestOrAwayFromZero)` does; anything larger takes that path itself.
@inlinable @inline(__always)
func fenRounding(yuan: Double) -> Money {
    let x = yuan * 100
    // Amounts are almost always costs, not negative: half up, one comparison.
    if _fastPath(x >= 0 && x < 0x1p52) {
        let whole = Int64(x)
        return Money(fen: whole &+ (x - Double(whole) >= 0.5 ? 1 : 0))
    }
    guard abs(x) < 0x1p52 else { return Money(roundingYuan: yuan) }
    let whole = Int64(x)
    let fraction = x - Double(whole)
    // Selects rather than branches: the fraction is as likely above ½ as below.
    let up: Int64 = fraction >= 0.5 ? 1 : 0
    let down: Int64 = fraction <= -0.5 ? 1 : 0
    return Money(fen: whole &+ up &- down)
}

/// A 32-bit word as a uniform in (0, 1): `(k + ½) / 2^32` (``RandomSource/nextDouble32()``'s mapping).
@inlinable @inline(__always)
func uniform32(_ word: UInt32) -> Double { (Double(word) + 0.5) * 0x1p-32 }

extension YearTables {
    /// The cost (yuan) of a year of `k ≥ 1` general-outpatient visits, Gamma(k·shape, scale):
    /// Marsaglia and Tsang's method whose first attempt uses the given numbers (the normal by
    /// the ziggurat from `normalWord`, ``NormalZiggurat``, the acceptance test with
    /// `acceptUniform`); a rejected attempt, or a shape below 1, is drawn afresh from `stream` by
    /// ``Gamma``. Rejection sampling restarted with independent numbers is exact, so the cost is
    /// Gamma-distributed (``Gamma/marsagliaTsangAttempt(d:c:normalWord:acceptUniform:normals:source:)``).
    @inlinable
    func visitCost(visits k: Int, normalWord: UInt32, acceptUniform u: Double, stream: inout RandomStream) -> Double {
        let d = visitGammaD[k]
        if d == d,  // not NaN: k·shape ≥ 1
           let g = Gamma.marsagliaTsangAttempt(d: d, c: visitGammaC[k], normalWord: normalWord, acceptUniform: u,
                                               normals: normals, source: &stream) {
            return visitScale * g
        }
        return Gamma(shape: Double(k) * visitShape, scale: visitScale).sample(&stream)
    }

    /// What happens to a person beyond general outpatient, from the uniform `u` of the
    /// person-year's first block and, when something does, further numbers of `stream`
    /// (see ``CountyYearSimulator``'s person-year): the uniform of the catalog conditions'
    /// first inversion step (1 when none is present), the uniform of the new case (`nil`
    /// when none can happen), and the number of admissions.
    ///
    /// For a person free of every disease state (`diseaseState` 0) nothing happens when
    /// u ≥ q = 1 − ``nothingElse``; otherwise, exactly given that something does: some
    /// condition with probability (1 − N₀)/q, the conditions then by a uniform on
    /// (0, 1 − N₀) and the new case and admissions unconditionally; else a new case with
    /// probability (1 − P(no new case))/(1 − P(no new case)·P(no admission)), by a uniform on
    /// (0, 1 − P(no new case)), and admissions unconditionally; else at least one admission.
    /// A person in a disease state has no new case; conditions and admissions are unconditional.
    @inlinable
    func extraEvents(row: Int, diseaseState: Int, uniform u: Double, stream: inout RandomStream)
        -> (conditionUniform: Double, onsetUniform: Double?, admissions: Int) {
        let group = row >> 1
        if diseaseState > 0 {
            let conditionUniform = stream.nextDouble()
            return (conditionUniform, nil, admissions[group].sample(&stream))
        }
        let something = 1 - nothingElse[row]
        guard u < something else { return (1, nil, 0) }
        let noCondition = noneFrom[row &* (conditionCount &+ 1)]
        let noNewCase = noOnset[group]
        if stream.nextDouble() * something < 1 - noCondition {
            let conditionUniform = stream.nextDouble() * (1 - noCondition)
            let onsetUniform = hasOnsetLinks ? stream.nextDouble() : nil
            return (conditionUniform, onsetUniform, admissions[group].sample(&stream))
        }
        if stream.nextDouble() * (1 - noNewCase * noAdmission[group]) < 1 - noNewCase {
            let onsetUniform = stream.nextDouble() * (1 - noNewCase)
            return (1, onsetUniform, admissions[group].sample(&stream))
        }
        return (1, nil, admissionsGivenSome(group: group, stream: &stream))
    }

    /// Admissions of a person of age group `group` given that there is at least one:
    /// Poisson inversion of a uniform on (P(0), 1) (rejection of zeros for large means).
    @inlinable
    func admissionsGivenSome(group: Int, stream: inout RandomStream) -> Int {
        let poisson = admissions[group]
        let mean = poisson.mean
        guard mean > 0 else { return 0 }
        guard mean < 10 else {
            while true {
                let n = poisson.sample(&stream)
                if n > 0 { return n }
            }
        }
        let p0 = noAdmission[group]
        while true {
            let u = p0 + (1 - p0) * stream.nextDouble()
            var k = 0
            var term = p0
            var sum = term
            while u > sum {
                k &+= 1
                term *= mean / Double(k)
                if term == 0 { break }
                sum += term
            }
            if u <= sum { return max(1, k) }
        }
    }
}
