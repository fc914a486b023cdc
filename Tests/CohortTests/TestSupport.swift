@testable import Cohort
import RandomStreams

/// max |a − b| / max |b|: norm-wise relative difference.
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = b.reduce(0) { max($0, abs($1)) }
    let difference = zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    return scale == 0 ? difference : difference / scale
}

func randomMatrix(rows: Int, columns: Int, using rng: inout SplitMix64) -> Matrix {
    Matrix(rows: rows, columns: columns,
           elements: (0..<(rows * columns)).map { _ in Double.random(in: -1...1, using: &rng) })
}

func randomRates(bands: Int, upTo limit: Double, using rng: inout SplitMix64) -> AgeSexRates {
    AgeSexRates(female: (0..<bands).map { _ in Double.random(in: 0...limit, using: &rng) },
                male: (0..<bands).map { _ in Double.random(in: 0...limit, using: &rng) })
}

/// A random valid parameter set; `withDeathsAndBirths: false` zeroes all
/// mortality and fertility so only population-preserving processes remain.
func randomParameters(layout: CellLayout, withDeathsAndBirths: Bool = true,
                      using rng: inout SplitMix64) -> CohortParameters {
    let bands = layout.ageBands.count
    let diseaseCount = layout.diseaseStates.count - 1
    var p = CohortParameters.zero(for: layout)
    p.povertyExitRate = Double.random(in: 0...0.3, using: &rng)
    p.diseases = (0..<diseaseCount).map { _ in
        DiseaseRates(onset: randomRates(bands: bands, upTo: 0.9 / Double(diseaseCount), using: &rng),
                     remission: randomRates(bands: bands, upTo: 0.6, using: &rng),
                     excessMortality: withDeathsAndBirths ? randomRates(bands: bands, upTo: 0.3, using: &rng)
                                                          : .zeros(bandCount: bands))
    }
    if withDeathsAndBirths {
        p.mortality = randomRates(bands: bands, upTo: 0.2, using: &rng)
        p.birthRate = Double.random(in: 0...0.1, using: &rng)
        p.maleBirthFraction = Double.random(in: 0.45...0.55, using: &rng)
    }
    return p
}

/// A state with random positive counts.
func randomState(layout: CellLayout, counties: Int, draws: Int, using rng: inout SplitMix64) -> CohortState {
    var state = CohortState(layout: layout, counties: counties, draws: draws)
    for i in state.counts.elements.indices {
        state.counts.elements[i] = Double.random(in: 0...1000, using: &rng)
    }
    return state
}
