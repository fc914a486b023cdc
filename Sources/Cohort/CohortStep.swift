/// One projection year for all counties and draws: X' = M · X per column
/// group, and the year's flows F · X.
public enum CohortStep {
    /// Advances `state` one year into `next` and writes the year's flows.
    ///
    /// `next` and `flows` are overwritten, not reallocated, so a projection
    /// loop can reuse two state buffers. The groups must cover every column
    /// exactly once and use `state`'s layout.
    public static func advance(_ state: CohortState, groups: [ColumnGroup], kernel: StepKernel = .blasGEMM,
                               into next: inout CohortState, flows: inout StepFlows) {
        precondition(next.layout == state.layout && next.counties == state.counties && next.draws == state.draws,
                     "next state has a different shape")
        precondition(flows.counties == state.counties && flows.draws == state.draws, "flows have a different shape")
        checkCoverage(groups, columns: state.columnCount, layout: state.layout)
        for group in groups {
            advance(state, group: group, kernel: kernel, into: &next, flows: &flows)
        }
    }

    /// Advances only `group.columns` of `state` into the same columns of
    /// `next` and `flows`, leaving the other columns untouched.
    ///
    /// For callers that build each draw's ``StepMatrix`` just in time and
    /// drop it after use, instead of holding one M per draw (cells² · 8
    /// bytes each: 200 KB at 160 cells, 2 GB for 10,000 draws).
    public static func advance(_ state: CohortState, group: ColumnGroup, kernel: StepKernel = .blasGEMM,
                               into next: inout CohortState, flows: inout StepFlows) {
        precondition(next.layout == state.layout && next.counties == state.counties && next.draws == state.draws,
                     "next state has a different shape")
        precondition(flows.counties == state.counties && flows.draws == state.draws, "flows have a different shape")
        precondition(group.step.layout == state.layout, "the group's step uses another layout")
        precondition(group.columns.lowerBound >= 0 && group.columns.upperBound <= state.columnCount,
                     "group columns \(group.columns) outside 0..<\(state.columnCount)")
        let cells = state.layout.cellCount
        let flowRows = StepFlow.allCases.count
        let first = group.columns.lowerBound, count = group.columns.count
        guard cells > 0, count > 0 else { return }
        state.counts.elements.withUnsafeBufferPointer { x in
            next.counts.elements.withUnsafeMutableBufferPointer { y in
                flows.values.elements.withUnsafeMutableBufferPointer { f in
                    let source = x.baseAddress! + first &* cells
                    group.step.transition.elements.withUnsafeBufferPointer { m in
                        kernel.multiply(m.baseAddress!, rows: cells, inner: cells, source,
                                        columns: count, into: y.baseAddress! + first &* cells)
                    }
                    group.step.flows.elements.withUnsafeBufferPointer { m in
                        kernel.multiply(m.baseAddress!, rows: flowRows, inner: cells, source,
                                        columns: count, into: f.baseAddress! + first &* flowRows)
                    }
                }
            }
        }
    }

    /// Advances `state` one year, returning the new state and the year's flows.
    public static func advance(_ state: CohortState, groups: [ColumnGroup],
                               kernel: StepKernel = .blasGEMM) -> (state: CohortState, flows: StepFlows) {
        var next = CohortState(layout: state.layout, counties: state.counties, draws: state.draws)
        var flows = StepFlows(counties: state.counties, draws: state.draws)
        advance(state, groups: groups, kernel: kernel, into: &next, flows: &flows)
        return (next, flows)
    }

    /// Traps unless the groups tile `0..<columns` and match `layout`.
    private static func checkCoverage(_ groups: [ColumnGroup], columns: Int, layout: CellLayout) {
        var end = 0
        for range in groups.map(\.columns).filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            precondition(range.lowerBound == end, "column groups overlap or leave a gap at column \(end)")
            end = range.upperBound
        }
        precondition(end == columns, "column groups cover \(end) of \(columns) columns")
        precondition(groups.allSatisfy { $0.step.layout == layout }, "a group's step uses another layout")
    }
}
