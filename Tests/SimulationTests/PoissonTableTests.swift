import Foundation
import Testing
import RandomStreams
@testable import Simulation

@Suite("Poisson table and normal quantile")
struct PoissonTableTests {
    @Test("the table's probabilities are the Poisson pmf", arguments: [0.3, 5.0, 8.5, 60.0])
    func probabilities(mean: Double) {
        let table = PoissonTable(mean: mean)
        let p = table.table.probabilities
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        var pmf = exp(-mean)
        for k in 0..<min(p.count - 1, 40) {
            #expect(abs(p[k] - pmf) <= 1e-12 + 1e-9 * pmf, "k=\(k)")
            pmf *= mean / Double(k + 1)
        }
    }

    @Test("sample mean and variance within 5 standard errors of λ")
    func moments() {
        let mean = 5.0, n = 200_000
        let table = PoissonTable(mean: mean)
        var stream = RandomStream(key: StreamKey(seed: 1, purpose: .healthCareUse, draw: 0, county: 0, year: 0, person: 0))
        var sum = 0.0, squares = 0.0
        for _ in 0..<n {
            let k = Double(table.sample(&stream))
            sum += k
            squares += k * k
        }
        let m = sum / Double(n)
        let v = squares / Double(n) - m * m
        #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot())
        // Var of the sample variance of a Poisson: (μ4 − σ⁴)/n with μ4 = λ(1 + 3λ).
        #expect(abs(v - mean) < 5 * ((mean * (1 + 3 * mean) - mean * mean) / Double(n)).squareRoot())
    }

    @Test("Acklam's normal quantile matches known values to 1e-8")
    func normalQuantile() {
        let known: [(Double, Double)] = [(0.5, 0), (0.975, 1.959963984540054), (0.001, -3.090232306167813),
                                         (0.8413447460685429, 1.0), (1e-10, -6.361340902404056)]
        for (p, z) in known {
            #expect(abs(Normal.inverseStandardCDF(p) - z) <= 1e-8 * max(1, abs(z)), "p=\(p)")
        }
    }
}
