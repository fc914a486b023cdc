import Testing
@testable import Cohort
import RandomStreams

@Suite struct KernelTests {
    @Test(arguments: [(1, 1, 1), (7, 13, 5), (160, 160, 129), (33, 160, 1)])
    func blasKernelsMatchReferenceOnRandomMatrices(shape: (Int, Int, Int)) {
        var rng = SplitMix64(seed: 0xC0407 &+ UInt64(shape.0 * 10_000 + shape.1 * 100 + shape.2))
        let a = randomMatrix(rows: shape.0, columns: shape.1, using: &rng)
        let b = randomMatrix(rows: shape.1, columns: shape.2, using: &rng)
        let reference = StepKernel.reference.product(a, b)
        for kernel in [StepKernel.blasGEMM, .blasGEMVPerColumn] {
            let result = kernel.product(a, b)
            #expect(relativeDifference(result.elements, reference.elements) < 1e-9, "\(kernel)")
        }
    }

    @Test func referenceKernelComputesAKnownProduct() {
        // [1 2; 3 4] · [5; 6] = [17; 39], column-major storage.
        let a = Matrix(rows: 2, columns: 2, elements: [1, 3, 2, 4])
        let x = Matrix(rows: 2, columns: 1, elements: [5, 6])
        for kernel in StepKernel.allCases {
            #expect(kernel.product(a, x).elements == [17, 39], "\(kernel)")
        }
    }

    @Test func batchedModelStepMatchesReferenceWithPerDrawMatrices() throws {
        var rng = SplitMix64(seed: 42)
        let layout = CellLayout.standard
        let counties = 7, draws = 5
        let steps = try (0..<draws).map { _ in
            try StepMatrix(layout: layout, parameters: randomParameters(layout: layout, using: &rng))
        }
        let state = randomState(layout: layout, counties: counties, draws: draws, using: &rng)
        let groups = ColumnGroup.perDraw(steps, counties: counties)
        let reference = CohortStep.advance(state, groups: groups, kernel: .reference)
        for kernel in [StepKernel.blasGEMM, .blasGEMVPerColumn] {
            let result = CohortStep.advance(state, groups: groups, kernel: kernel)
            #expect(relativeDifference(result.state.counts.elements, reference.state.counts.elements) < 1e-9)
            #expect(relativeDifference(result.flows.values.elements, reference.flows.values.elements) < 1e-9)
        }
        // Each draw really used its own matrix: column 0 of draw 3 equals M₃ x.
        let column = state.column(county: 0, draw: 3)
        let x = Matrix(rows: layout.cellCount, columns: 1,
                       elements: Array(state.counts.elements[(column * layout.cellCount)..<((column + 1) * layout.cellCount)]))
        let expected = StepKernel.reference.product(steps[3].transition, x)
        let got = (0..<layout.cellCount).map { reference.state.counts[$0, column] }
        #expect(relativeDifference(got, expected.elements) < 1e-12)
    }

    @Test func blasThreadCountCanBeSet() {
        let before = BLASThreads.current
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        BLASThreads.set(before)
        #expect(BLASThreads.current == before)
    }
}

@Suite struct GroupStepTests {
    @Test func steppingGroupsOneAtATimeEqualsTheBatchedStep() throws {
        var rng = SplitMix64(seed: 99)
        let layout = CellLayout.standard
        let counties = 4, draws = 3
        let steps = try (0..<draws).map { _ in
            try StepMatrix(layout: layout, parameters: randomParameters(layout: layout, using: &rng))
        }
        let state = randomState(layout: layout, counties: counties, draws: draws, using: &rng)
        let groups = ColumnGroup.perDraw(steps, counties: counties)
        let batched = CohortStep.advance(state, groups: groups)
        var next = CohortState(layout: layout, counties: counties, draws: draws)
        var flows = StepFlows(counties: counties, draws: draws)
        for group in groups.reversed() {
            CohortStep.advance(state, group: group, into: &next, flows: &flows)
        }
        #expect(next.counts == batched.state.counts)
        #expect(flows.values == batched.flows.values)
    }

    @Test func drawsSharingAParameterSetShareAGroup() throws {
        let layout = CellLayout.standard
        let a = try StepMatrix(layout: layout, parameters: .zero(for: layout))
        var parameters = CohortParameters.zero(for: layout)
        parameters.povertyExitRate = 0.1
        let b = try StepMatrix(layout: layout, parameters: parameters)
        let groups = ColumnGroup.byDraw([a, b], stepIndexOfDraw: [0, 0, 1, 1, 1, 0], counties: 10)
        #expect(groups.map(\.columns) == [0..<20, 20..<50, 50..<60])
        #expect(groups.map(\.step) == [a, b, a])
    }
}
