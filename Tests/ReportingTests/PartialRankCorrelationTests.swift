import Foundation
import Testing
@testable import Reporting
import RandomStreams

@Suite("Partial rank correlation")
struct PartialRankCorrelationTests {
    @Test("hand-worked case: PRCC(x1) = 0.5/√0.48, PRCC(x2) = 1/24 from the Spearman correlations")
    func handWorked() {
        // Ranks a = (1 2 3 4 5), b = (2 1 4 5 3), c = (1 3 2 5 4); no ties, so
        // ρ = 1 − 6Σd²/(n(n²−1)) = 1 − Σd²/20:
        //   a,b: d = (−1 1 −1 −1 2), Σd² = 8  → ρ_ab = 0.6
        //   a,c: d = (0 −1 1 −1 1),  Σd² = 4  → ρ_ac = 0.8
        //   b,c: d = (1 −2 2 0 −1),  Σd² = 10 → ρ_bc = 0.5
        // Partial correlation r_ac·b = (ρ_ac − ρ_ab ρ_bc)/√((1 − ρ_ab²)(1 − ρ_bc²)) = 0.5/√(0.64 · 0.75) = 0.5/√0.48
        // and r_bc·a = (ρ_bc − ρ_ab ρ_ac)/√((1 − ρ_ab²)(1 − ρ_ac²)) = 0.02/√(0.64 · 0.36) = 0.02/0.48 = 1/24.
        // The raw values are monotone transforms of the ranks: only ranks matter.
        let x1 = [0.1, 0.2, 0.3, 0.4, 0.5]
        let x2 = [20.0, 10, 400, 500, 30]
        let y = [1, 3, 2, 5, 4].map { exp(Double($0)) }
        let prcc = PartialRankCorrelation.coefficients(inputs: [x1, x2], output: y)
        #expect(abs(prcc[0]! - 0.5 / 0.48.squareRoot()) < 1e-12)
        #expect(abs(prcc[1]! - 1.0 / 24) < 1e-12)
        // A wrong answer is rejected: the plain Spearman correlations (0.8, 0.5) are not the PRCC.
        #expect(abs(prcc[0]! - 0.8) > 0.05 && abs(prcc[1]! - 0.5) > 0.4)
    }

    @Test("equals the correlation of the residuals of rank(x_j) and rank(y) regressed on the other inputs' ranks")
    func residualDefinition() {
        var g = SplitMix64(seed: 17)
        let n = 40
        let x = (0..<3).map { _ in (0..<n).map { _ in g.uniform() } }
        let y = (0..<n).map { i in 2 * x[0][i] - x[1][i] + 0.5 * g.uniform() }
        let prcc = PartialRankCorrelation.coefficients(inputs: x, output: y)
        let ranked = x.map(PartialRankCorrelation.ranks)
        let ry = PartialRankCorrelation.ranks(y)
        for j in 0..<3 {
            let others = (0..<3).filter { $0 != j }.map { ranked[$0] }
            let e1 = residuals(ranked[j], on: others), e2 = residuals(ry, on: others)
            #expect(abs(prcc[j]! - correlation(e1, e2)) < 1e-10, "input \(j)")
        }
        #expect(prcc[0]! > 0.8 && prcc[1]! < -0.5)
    }

    @Test("ties get average ranks; a constant output or too few samples give no coefficient")
    func degenerate() {
        #expect(PartialRankCorrelation.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        let x = [[1.0, 2, 3, 4, 5], [5.0, 3, 4, 1, 2]]
        #expect(PartialRankCorrelation.coefficients(inputs: x, output: [7, 7, 7, 7, 7]) == [nil, nil])
        #expect(PartialRankCorrelation.coefficients(inputs: x.map { Array($0.prefix(3)) }, output: [1, 2, 3]) == [nil, nil])
        // Two identical inputs are collinear: no partial correlation.
        #expect(PartialRankCorrelation.coefficients(inputs: [x[0], x[0]], output: [1, 3, 2, 5, 4]) == [nil, nil])
    }

    /// Least-squares residuals of `v` on an intercept and `columns` (normal equations, small).
    func residuals(_ v: [Double], on columns: [[Double]]) -> [Double] {
        let n = v.count
        let design = [[Double](repeating: 1, count: n)] + columns
        let k = design.count
        var normal = (0..<k).map { a in (0..<k).map { b in (0..<n).reduce(0.0) { $0 + design[a][$1] * design[b][$1] } } }
        var rhs = (0..<k).map { a in (0..<n).reduce(0.0) { $0 + design[a][$1] * v[$1] } }
        for c in 0..<k {  // Gaussian elimination, no pivoting needed for this well-conditioned case
            for r in (c + 1)..<k {
                let f = normal[r][c] / normal[c][c]
                for q in c..<k { normal[r][q] -= f * normal[c][q] }
                rhs[r] -= f * rhs[c]
            }
        }
        var beta = [Double](repeating: 0, count: k)
        for c in stride(from: k - 1, through: 0, by: -1) {
            beta[c] = (rhs[c] - ((c + 1)..<k).reduce(0.0) { $0 + normal[c][$1] * beta[$1] }) / normal[c][c]
        }
        return (0..<n).map { i in v[i] - (0..<k).reduce(0.0) { $0 + beta[$1] * design[$1][i] } }
    }

    func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }
}

@Suite("Partial rank correlation, exact dependence")
struct PartialRankCorrelationExactTests {
    @Test("an output that is a monotone function of one input: PRCC 1 for it, undefined for the others")
    func monotoneOutput() {
        let x1 = [0.3, 0.1, 0.5, 0.2, 0.4, 0.6]
        let x2 = [5.0, 3, 1, 6, 2, 4]
        let prcc = PartialRankCorrelation.coefficients(inputs: [x1, x2], output: x1.map { 100 * $0 * $0 })
        #expect(prcc[0] == 1 && prcc[1] == nil)
        let falling = PartialRankCorrelation.coefficients(inputs: [x1, x2], output: x2.map { -$0 })
        #expect(falling[1] == -1 && falling[0] == nil)
    }
}
