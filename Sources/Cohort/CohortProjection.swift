/// A multi-year projection: repeated ``CohortStep``s with per-year matrices.
public enum CohortProjection {
    /// Projects `initial` forward `years` years.
    ///
    /// Two state buffers are swapped from year to year, so the projection
    /// allocates one state and one set of flows per year, whatever its length.
    ///
    /// - Parameters:
    ///   - groups: The column groups for year `y` (0-based); parameters may
    ///     change by year and draw. Called once per year.
    ///   - observe: Called with `(y, state)` for the state after `y` years:
    ///     first the initial state (`y` = 0), then after each year, so a caller
    ///     can keep the intermediate years (the simulation keeps its simulated
    ///     years' people) without a projection loop of its own.
    /// - Returns: The state after the last year and each year's flows.
    public static func project(from initial: CohortState, years: Int, kernel: StepKernel = .blasGEMM,
                               groups: (Int) throws -> [ColumnGroup],
                               observe: (Int, CohortState) throws -> Void) rethrows
        -> (final: CohortState, flows: [StepFlows]) {
        precondition(years >= 0, "years must be non-negative")
        var current = initial
        var next = CohortState(layout: initial.layout, counties: initial.counties, draws: initial.draws)
        var allFlows: [StepFlows] = []
        allFlows.reserveCapacity(years)
        try observe(0, current)
        for year in 0..<years {
            var flows = StepFlows(counties: initial.counties, draws: initial.draws)
            CohortStep.advance(current, groups: try groups(year), kernel: kernel, into: &next, flows: &flows)
            swap(&current, &next)
            allFlows.append(flows)
            try observe(year + 1, current)
        }
        return (current, allFlows)
    }

    /// Projects `initial` forward `years` years, keeping only the last state (see
    /// ``project(from:years:kernel:groups:observe:)``).
    public static func project(from initial: CohortState, years: Int, kernel: StepKernel = .blasGEMM,
                               groups: (Int) throws -> [ColumnGroup]) rethrows
        -> (final: CohortState, flows: [StepFlows]) {
        try project(from: initial, years: years, kernel: kernel, groups: groups, observe: { _, _ in })
    }
}
