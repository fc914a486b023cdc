import Testing
@testable import Cohort
import RandomStreams

@Suite struct StepMatrixTests {
    @Test func directConstructionEqualsComposedComponents() throws {
        var rng = SplitMix64(seed: 7)
        let layout = CellLayout.standard
        for _ in 0..<3 {
            let parameters = randomParameters(layout: layout, using: &rng)
            let step = try StepMatrix(layout: layout, parameters: parameters)
            let components = try TransitionComponents(layout: layout, parameters: parameters)
            #expect(relativeDifference(step.transition.elements, components.composed().elements) < 1e-12)
        }
    }

    @Test func survivorColumnsSumToSurvivalProbability() throws {
        var rng = SplitMix64(seed: 8)
        let layout = CellLayout.standard
        let parameters = randomParameters(layout: layout, using: &rng)
        let components = try TransitionComponents(layout: layout, parameters: parameters)
        let step = try StepMatrix(layout: layout, parameters: parameters)
        let survivors = StepKernel.reference.product(components.ageing,
            StepKernel.reference.product(components.povertyExit,
                StepKernel.reference.product(components.disease, components.death)))
        let sums = survivors.columnSums()
        for j in 0..<layout.cellCount {
            #expect(abs(sums[j] - (1 - step.flows[StepFlow.deaths.rawValue, j])) < 1e-12)
        }
        for stochastic in [components.disease, components.povertyExit, components.ageing] {
            #expect(stochastic.columnSums().allSatisfy { abs($0 - 1) < 1e-12 })
        }
    }

    @Test func birthsEnterFirstBandInPovertyDiseaseFree() throws {
        let layout = CellLayout.standard
        var parameters = CohortParameters.zero(for: layout)
        parameters.birthRate = 0.05
        parameters.maleBirthFraction = 0.52
        let components = try TransitionComponents(layout: layout, parameters: parameters)
        // Band 15–24 lies inside 15..<50; band 45–54 half inside; band 5–14 outside.
        let source = { (band: Int, poverty: PovertyStatus) in
            layout.index(of: Cell(ageBand: band, sex: .female, poverty: poverty, disease: 2))
        }
        let girl = layout.index(of: Cell(ageBand: 0, sex: .female, poverty: .inPoverty, disease: 0))
        let boy = layout.index(of: Cell(ageBand: 0, sex: .male, poverty: .inPoverty, disease: 0))
        #expect(abs(components.births[girl, source(2, .inPoverty)] - 0.05 * 0.48) < 1e-15)
        #expect(abs(components.births[boy, source(2, .inPoverty)] - 0.05 * 0.52) < 1e-15)
        #expect(abs(components.births[boy, source(5, .inPoverty)] - 0.025 * 0.52) < 1e-15)
        #expect(components.births[boy, source(1, .inPoverty)] == 0)
        #expect(components.births[boy, source(2, .exitedPoverty)] == 0)
        let otherRows = (0..<layout.cellCount).filter { $0 != girl && $0 != boy }
        #expect(otherRows.allSatisfy { row in (0..<layout.cellCount).allSatisfy { components.births[row, $0] == 0 } })
    }

    /// A newborn shares its household's end-of-year status: with exit rate e, a share e of
    /// the births of in-poverty households enters as exited; with e = 1 none is in poverty.
    @Test func newbornsTakeTheHouseholdsEndOfYearStatus() throws {
        let layout = CellLayout.standard
        var parameters = CohortParameters.zero(for: layout)
        parameters.birthRate = 0.05
        parameters.maleBirthFraction = 0.5
        parameters.povertyExitRate = 0.3
        let mother = layout.index(of: Cell(ageBand: 2, sex: .female, poverty: .inPoverty, disease: 0))
        let poorGirl = layout.index(of: Cell(ageBand: 0, sex: .female, poverty: .inPoverty, disease: 0))
        let exitedGirl = layout.index(of: Cell(ageBand: 0, sex: .female, poverty: .exitedPoverty, disease: 0))
        let components = try TransitionComponents(layout: layout, parameters: parameters)
        #expect(abs(components.births[poorGirl, mother] - 0.025 * 0.7) < 1e-15)
        #expect(abs(components.births[exitedGirl, mother] - 0.025 * 0.3) < 1e-15)
        parameters.povertyExitRate = 1
        let all = try StepMatrix(layout: layout, parameters: parameters)
        #expect(all.transition[poorGirl, mother] == 0)
        #expect(abs(all.transition[exitedGirl, mother] - 0.025) < 1e-15)
    }

    @Test func invalidParametersAreRejected() {
        let layout = CellLayout.standard
        var tooManyOnsets = CohortParameters.zero(for: layout)
        for d in tooManyOnsets.diseases.indices { tooManyOnsets.diseases[d].onset.male[3] = 0.4 }
        #expect(throws: CohortError.onsetExceedsOne(sex: .male, ageBand: 3, total: 0.4 * 3)) {
            try StepMatrix(layout: layout, parameters: tooManyOnsets)
        }
        var negativeExit = CohortParameters.zero(for: layout)
        negativeExit.povertyExitRate = -0.1
        #expect(throws: CohortError.outOfRange(field: "povertyExitRate", value: -0.1)) {
            try StepMatrix(layout: layout, parameters: negativeExit)
        }
        var shortMortality = CohortParameters.zero(for: layout)
        shortMortality.mortality.female.removeLast()
        #expect(throws: CohortError.countMismatch(field: "mortality.female", expected: 10, actual: 9)) {
            try StepMatrix(layout: layout, parameters: shortMortality)
        }
        #expect(throws: CohortError.self) { try AgeBands(lowerBounds: [0, 10, 10]) }
        #expect(throws: CohortError.self) { try AgeBands(lowerBounds: [5, 10]) }
        #expect(throws: CohortError.self) { try DiseaseStates(names: ["none", "none"]) }
    }

    @Test func layoutIndexRoundTrips() {
        let layout = CellLayout.standard
        #expect(layout.cellCount == 160)
        for index in 0..<layout.cellCount {
            #expect(layout.index(of: layout.cell(at: index)) == index)
        }
        #expect(layout.index(of: Cell(ageBand: 1, sex: .female, poverty: .inPoverty, disease: 0)) == 16)
    }
}
