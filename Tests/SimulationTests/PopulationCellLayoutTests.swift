import SimulationTestSupport
import Testing
import Cohort
import Settlement
@testable import Simulation

/// The population's cell numbering is defined once (``PopulationCellLayout``); the
/// population model, the runner, the simulator's disease split and the cohort
/// projection all go through it, and the cohort's own state vector agrees with it.
@Suite("Population cell layout")
struct PopulationCellLayoutTests {
    @Test("index and coordinates are inverse; states are contiguous within a cell; status by index")
    func roundTrip() {
        for states in [1, 2, 4] {
            let layout = PopulationCellLayout(bandCount: 11, stateCount: states)
            var seen = Set<Int>()
            for band in 0..<11 {
                for sex in Sex.allCases {
                    for status in Settlement.PovertyStatus.allCases {
                        for state in 0..<states {
                            let i = layout.index(band: band, sex: sex, status: status, state: state)
                            #expect(seen.insert(i).inserted)
                            let c = layout.coordinates(of: i)
                            #expect(c.band == band && c.sex == sex && c.status == status && c.state == state)
                            #expect(layout.status(of: i) == status)
                            let cell = PopulationCellLayout(bandCount: 11).index(band: band, sex: sex, status: status)
                            #expect(layout.cellWithoutState(i) == cell)
                            #expect(layout.index(cell: cell, state: state) == i)
                        }
                    }
                }
            }
            #expect(seen == Set(0..<layout.count))
        }
    }

    @Test("the cohort's state vector numbers cells as the population layout does")
    func agreesWithTheCohort() throws {
        let cohort = CellLayout(ageBands: .standard, diseaseStates: .standard)
        let layout = PopulationCellLayout(bandCount: cohort.ageBands.lowerBounds.count, stateCount: cohort.diseaseStates.count)
        for index in 0..<cohort.cellCount {
            let cell = cohort.cell(at: index)
            let status = cell.poverty
            #expect(layout.index(band: cell.ageBand, sex: cell.sex, status: status, state: cell.disease) == index)
        }
        let model = TinyModel.full()
        #expect(model.population.cellCount == PopulationCellLayout(bandCount: model.population.ageBandLowerBounds.count).count)
    }
}
