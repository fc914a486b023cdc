import SimulationTestSupport
import Testing
import RandomStreams
@testable import Simulation

/// The condition sampler must reproduce independent Bernoulli(p_d) conditions:
/// each marginal frequency, and the frequency of pairs.
@Suite("Condition sampling")
struct ConditionSamplingTests {
    @Test("marginal and pairwise frequencies match independent Bernoulli draws within 5 standard errors")
    func frequencies() throws {
        let model = TinyModel.full()
        let tables = YearTables(model: model, parameters: model.parameters.pointValues, year: 2018)
        // Row 5 = elderly men: hypertension 0.16, esrd 0.008, chd_vsd 0.
        let p = [0.16, 0.008, 0.0]
        let n = 400_000
        var counts = [0, 0, 0]
        var both = 0
        var stream = RandomStream(key: StreamKey(seed: 9, purpose: .diseaseOnset, draw: 0, county: 0, year: 0, person: 0))
        for _ in 0..<n {
            var present = [false, false, false]
            var s = 0
            while s < 3, let d = tables.nextCondition(row: 5, from: s, uniform: stream.nextDouble()) {
                present[d] = true
                s = d + 1
            }
            for d in 0..<3 where present[d] { counts[d] += 1 }
            if present[0] && present[1] { both += 1 }
        }
        for d in 0..<3 {
            let se = (p[d] * (1 - p[d]) / Double(n)).squareRoot()
            #expect(abs(Double(counts[d]) / Double(n) - p[d]) <= 5 * se + 1e-12, "condition \(d)")
        }
        #expect(counts[2] == 0)  // a zero probability is never drawn
        let pBoth = p[0] * p[1]
        #expect(abs(Double(both) / Double(n) - pBoth) <= 5 * (pBoth * (1 - pBoth) / Double(n)).squareRoot())
    }
}
