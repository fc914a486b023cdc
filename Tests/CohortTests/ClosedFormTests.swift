import Foundation
import Testing
@testable import Cohort

@Suite struct ClosedFormTests {
    @Test func constantExitRateGivesGeometricDecline() throws {
        // One open band: no ageing. Only poverty exit at rate r.
        let layout = CellLayout(ageBands: try AgeBands(lowerBounds: [0]), diseaseStates: .standard)
        let r = 0.17, initial = 1_000.0, years = 6
        var parameters = CohortParameters.zero(for: layout)
        parameters.povertyExitRate = r
        let step = try StepMatrix(layout: layout, parameters: parameters)
        var state = CohortState(layout: layout, counties: 2, draws: 1)
        let poor = layout.index(of: Cell(ageBand: 0, sex: .male, poverty: .inPoverty, disease: 1))
        let exited = layout.index(of: Cell(ageBand: 0, sex: .male, poverty: .exitedPoverty, disease: 1))
        state[poor, county: 1, draw: 0] = initial
        let (final, flows) = CohortProjection.project(from: state, years: years) { _ in
            ColumnGroup.shared(step, counties: 2, draws: 1)
        }
        let expected = initial * pow(1 - r, Double(years))
        #expect(abs(final[poor, county: 1, draw: 0] - expected) <= 1e-12 * initial)
        #expect(abs(final[exited, county: 1, draw: 0] - (initial - expected)) <= 1e-12 * initial)
        let lastYearExits = flows[years - 1][.povertyExits, county: 1, draw: 0]
        #expect(abs(lastYearExits - initial * pow(1 - r, Double(years - 1)) * r) <= 1e-12 * initial)
        #expect(final.total(county: 0, draw: 0) == 0)
    }

    @Test(arguments: [1, 5, 10])
    func ageingMovesOneOverWidthPerYear(width: Int) throws {
        // Bands [0, w), [w, 2w), [2w, ∞); N people in band 0; only ageing.
        // With a = 1/w: band 0 holds N(1−a)^n, band 1 holds N·n·a(1−a)^(n−1)
        // (two equal geometric waiting times), the open band the rest.
        let layout = CellLayout(ageBands: try AgeBands(lowerBounds: [0, width, 2 * width]),
                                diseaseStates: try DiseaseStates(names: ["none"]))
        let step = try StepMatrix(layout: layout, parameters: .zero(for: layout))
        let n = 7, total = 5_000.0, a = 1 / Double(width)
        var state = CohortState(layout: layout, counties: 1, draws: 1)
        let cell = { (band: Int) in layout.index(of: Cell(ageBand: band, sex: .female, poverty: .exitedPoverty, disease: 0)) }
        state[cell(0), county: 0, draw: 0] = total
        let final = CohortProjection.project(from: state, years: n) { _ in ColumnGroup.shared(step, counties: 1, draws: 1) }.final
        let band0 = total * pow(1 - a, Double(n))
        let band1 = total * Double(n) * a * pow(1 - a, Double(n - 1))
        #expect(abs(final[cell(0), county: 0, draw: 0] - band0) <= 1e-12 * total)
        #expect(abs(final[cell(1), county: 0, draw: 0] - band1) <= 1e-12 * total)
        #expect(abs(final[cell(2), county: 0, draw: 0] - (total - band0 - band1)) <= 1e-9 * total)
    }
}
