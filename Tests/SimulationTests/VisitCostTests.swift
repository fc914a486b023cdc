import Foundation
import SimulationTestSupport
import Testing
import RandomStreams
@testable import Simulation

/// The person loop's visit cost (``YearTables/visitCost(visits:normalWord:acceptUniform:stream:)``)
/// from a person's first block (word 2 the ziggurat's, word 3 the acceptance uniform) is the
/// model's Gamma(k·shape, scale), as the person loop wires it. (The sampler's distribution is
/// tested by KS in RandomStreamsTests; this checks the wiring: words, shape, scale.)
@Suite("Visit cost from the first block")
struct VisitCostTests {
    /// Mean and variance within 5 standard errors of Gamma(k·shape, scale) (the variance's SE
    /// from the Gamma's excess kurtosis 6/(k·shape)) for 1, 5 and 12 visits at 85 yuan and cv 0.9;
    /// a 2% larger scale is rejected by the mean (0.02·√(k·shape)·√n ≥ 9.9 standard errors).
    @Test("Gamma(k·shape, scale) moments; a 2% wrong scale is rejected", arguments: [1, 5, 12])
    func moments(visits k: Int) {
        let model = TinyModel.outpatientOnly(visits: 5, cost: 85, peoplePerCounty: [1])
        let tables = YearTables(model: model, parameters: model.parameters.pointValues, year: 2017)
        let shape = Double(k) / (0.9 * 0.9), scale = 85 * 0.81
        let n = 200_000
        var sum = 0.0, squares = 0.0
        for person in 0..<n {
            var stream = RandomStream(key: StreamKey(seed: 5, purpose: .healthCareUse, draw: 0, county: 0, year: 2017, person: UInt32(person)))
            let block = stream.nextFourWords()
            let cost = tables.visitCost(visits: k, normalWord: block.word2, acceptUniform: uniform32(block.word3), stream: &stream)
            sum += cost
            squares += cost * cost
        }
        let mean = sum / Double(n), variance = squares / Double(n) - mean * mean
        let trueMean = shape * scale, trueVariance = shape * scale * scale
        let meanSE = (trueVariance / Double(n)).squareRoot()
        let varianceSE = trueVariance * ((6 / shape + 2) / Double(n)).squareRoot()
        #expect(abs(mean - trueMean) < 5 * meanSE, "mean \(mean) vs \(trueMean) ± \(5 * meanSE)")
        #expect(abs(variance - trueVariance) < 5 * varianceSE, "variance \(variance) vs \(trueVariance) ± \(5 * varianceSE)")
        #expect(abs(mean - trueMean * 1.02) >= 5 * meanSE * 1.02, "a 2% larger scale is rejected")
    }
}
