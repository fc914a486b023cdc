/// A block of state columns stepped with one ``StepMatrix``.
///
/// Draws with different sampled parameters need different matrices M, and
/// one `dgemm` can only use one M. Columns are therefore grouped by parameter
/// set; each group costs one `dgemm` of `cells × cells × columns`. The
/// choices, for D draws of C counties and n cells:
///
/// - **one shared M** (parameters not sampled): one `dgemm` with C·D
///   columns — best BLAS efficiency;
/// - **one M per draw**: D builds of M (O(n · states) arithmetic, about
///   0.1 ms each, mostly allocating and zeroing the n² · 8 = 200 KB matrix)
///   and D `dgemm`s of C = 129 columns each. Same flop count; measured within
///   a few percent of the shared-M rate. Holding all D matrices costs
///   D · 200 KB (2 GB at D = 10,000); build them just in time with
///   ``CohortStep/advance(_:group:kernel:into:flows:)`` instead;
/// - **a few parameter groups** (draws sorted so a group is contiguous):
///   between the two;
/// - **per-county parameters** (e.g. county-specific exit rates): one group
///   per (draw, county), which is one column each, i.e. level-2 `dgemv`
///   speed.
public struct ColumnGroup: Sendable, Hashable {
    /// The step applied to these columns.
    public var step: StepMatrix
    /// The columns of the state (``CohortState`` numbering) it applies to.
    public var columns: Range<Int>

    /// Creates a group.
    public init(step: StepMatrix, columns: Range<Int>) {
        self.step = step
        self.columns = columns
    }

    /// One group for the whole state: every draw shares `step`.
    public static func shared(_ step: StepMatrix, counties: Int, draws: Int) -> [ColumnGroup] {
        [ColumnGroup(step: step, columns: 0..<(counties * draws))]
    }

    /// Groups for draws that use `steps[stepIndexOfDraw[d]]`; consecutive
    /// draws with the same index share one group (one `dgemm`), so sort
    /// draws by parameter set to get few groups.
    public static func byDraw(_ steps: [StepMatrix], stepIndexOfDraw: [Int], counties: Int) -> [ColumnGroup] {
        var groups: [ColumnGroup] = []
        var start = 0
        while start < stepIndexOfDraw.count {
            var end = start + 1
            while end < stepIndexOfDraw.count && stepIndexOfDraw[end] == stepIndexOfDraw[start] { end += 1 }
            groups.append(ColumnGroup(step: steps[stepIndexOfDraw[start]],
                                      columns: (start * counties)..<(end * counties)))
            start = end
        }
        return groups
    }

    /// One group per draw: draw d uses `steps[d]`.
    public static func perDraw(_ steps: [StepMatrix], counties: Int) -> [ColumnGroup] {
        byDraw(steps, stepIndexOfDraw: Array(steps.indices), counties: counties)
    }
}
