/// Cell counts for every county in every Monte Carlo draw: the matrix X.
///
/// X is `cells × (counties · draws)`, column-major, with column
/// `draw · counties + county`: counties vary fastest, so one draw's counties
/// are a contiguous block of columns that one `dgemm` can step together.
public struct CohortState: Sendable, Hashable {
    /// The layout of each column.
    public let layout: CellLayout
    /// Number of counties per draw.
    public let counties: Int
    /// Number of Monte Carlo draws.
    public let draws: Int
    /// The counts (people per cell), `cells × (counties · draws)`.
    public var counts: Matrix

    /// A state of all zeros.
    public init(layout: CellLayout, counties: Int, draws: Int) {
        precondition(counties >= 0 && draws >= 0, "counties and draws must be non-negative")
        self.layout = layout
        self.counties = counties
        self.draws = draws
        self.counts = Matrix(rows: layout.cellCount, columns: counties * draws)
    }

    /// A state from existing counts; `counts` must have `layout.cellCount`
    /// rows and `counties · draws` columns.
    public init(layout: CellLayout, counties: Int, draws: Int, counts: Matrix) {
        precondition(counts.rows == layout.cellCount && counts.columns == counties * draws,
                     "counts are \(counts.rows)×\(counts.columns), expected \(layout.cellCount)×\(counties * draws)")
        self.layout = layout
        self.counties = counties
        self.draws = draws
        self.counts = counts
    }

    /// Number of columns, `counties · draws`.
    @inlinable
    public var columnCount: Int { counties &* draws }

    /// Column of `county` in `draw`.
    @inlinable
    public func column(county: Int, draw: Int) -> Int {
        precondition(county >= 0 && county < counties && draw >= 0 && draw < draws,
                     "county \(county) / draw \(draw) outside \(counties) × \(draws)")
        return draw &* counties &+ county
    }

    /// Count in `cell` (a ``CellLayout`` index) for `county` in `draw`.
    @inlinable
    public subscript(cell: Int, county county: Int, draw draw: Int) -> Double {
        get { counts[cell, column(county: county, draw: draw)] }
        set { counts[cell, column(county: county, draw: draw)] = newValue }
    }

    /// Total population of `county` in `draw`.
    public func total(county: Int, draw: Int) -> Double {
        let j = column(county: county, draw: draw)
        return (0..<counts.rows).reduce(0) { $0 + counts[$1, j] }
    }
}
