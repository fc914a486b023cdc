import Testing
@testable import Cohort
import RandomStreams

@Suite struct ConservationTests {
    let layout = CellLayout.standard
    let counties = 6
    let draws = 3

    @Test func withoutDeathsAndBirthsTotalsAreUnchanged() throws {
        var rng = SplitMix64(seed: 101)
        for _ in 0..<10 {
            let step = try StepMatrix(layout: layout,
                                      parameters: randomParameters(layout: layout, withDeathsAndBirths: false, using: &rng))
            var state = randomState(layout: layout, counties: counties, draws: draws, using: &rng)
            let before = totals(state)
            for _ in 0..<4 {
                state = CohortStep.advance(state, groups: ColumnGroup.shared(step, counties: counties, draws: draws)).state
                #expect(relativeDifference(totals(state), before) < 1e-9)
            }
        }
    }

    @Test func withDeathsAndBirthsTotalsChangeByBirthsMinusDeathsAndStayNonNegative() throws {
        var rng = SplitMix64(seed: 202)
        for _ in 0..<10 {
            let steps = try (0..<draws).map { _ in
                try StepMatrix(layout: layout, parameters: randomParameters(layout: layout, using: &rng))
            }
            let groups = ColumnGroup.perDraw(steps, counties: counties)
            var state = randomState(layout: layout, counties: counties, draws: draws, using: &rng)
            for _ in 0..<4 {
                let before = totals(state)
                let (next, flows) = CohortStep.advance(state, groups: groups)
                let after = totals(next)
                for draw in 0..<draws {
                    for county in 0..<counties {
                        let j = state.column(county: county, draw: draw)
                        let change = flows[.births, county: county, draw: draw] - flows[.deaths, county: county, draw: draw]
                        #expect(abs(after[j] - before[j] - change) <= 1e-9 * before[j])
                        #expect(flows[.deaths, county: county, draw: draw] > 0)
                    }
                }
                #expect(next.counts.elements.allSatisfy { $0 >= 0 })
                state = next
            }
        }
    }

    private func totals(_ state: CohortState) -> [Double] {
        (0..<state.draws).flatMap { draw in
            (0..<state.counties).map { state.total(county: $0, draw: draw) }
        }
    }
}
