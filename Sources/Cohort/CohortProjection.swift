/// A multi-year projection: repeated ``CohortStep``s with per-year matrices.
public enum CohortProjection {
    /// Projects `initial` forward `years` years.
    ///
    /// - Parameters:
    ///   - groups: The column groups for year `y` (0-based); parameters may
    ///     change by year and draw. Called once per year.
    /// - Returns: The state after the last year and each year's flows.
    public static func project(from initial: CohortState, years: Int, kernel: StepKernel = .blasGEMM,
                               groups: (Int) throws -> [ColumnGroup]) rethrows
        -> (final: CohortState, flows: [StepFlows]) {
        precondition(years >= 0, "years must be non-negative")
        var current = initial
        var next = CohortState(layout: initial.layout, counties: initial.counties, draws: initial.draws)
        var allFlows: [StepFlows] = []
        allFlows.reserveCapacity(years)
        for year in 0..<years {
            var flows = StepFlows(counties: initial.counties, draws: initial.draws)
            CohortStep.advance(current, groups: try groups(year), kernel: kernel, into: &next, flows: &flows)
            swap(&current, &next)
            allFlows.append(flows)
        }
        return (current, allFlows)
    }
}
