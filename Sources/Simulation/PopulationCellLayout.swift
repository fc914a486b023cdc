import Settlement

/// How the population's cells are numbered, in one place: cell
/// `((band · 2 + sex) · 2 + status) · states + state` holds the people of an age
/// band, a ``Sex`` (raw value 0 female, 1 male), a ``PovertyStatus`` and, when the layout
/// splits by persistent disease state, a state (0 none). The band varies slowest
/// and the state fastest, so a simulation cell's states are contiguous and
/// dropping the state (`states == 1`) gives the simulation's (band × sex × status) cells.
///
/// The cohort projection numbers its state vector the same way (``CellLayout`` of
/// the Cohort module); the projection adapter checks that the two agree.
public struct PopulationCellLayout: Hashable, Sendable {
    /// Number of age bands.
    public let bandCount: Int
    /// Disease states per cell, "none" included (1: cells not split by state).
    public let stateCount: Int

    /// Creates a layout of `bandCount` age bands, each cell split into `stateCount` disease states.
    public init(bandCount: Int, stateCount: Int = 1) {
        precondition(bandCount > 0 && stateCount > 0, "at least one band and one state")
        self.bandCount = bandCount
        self.stateCount = stateCount
    }

    /// Number of cells.
    @inlinable public var count: Int { bandCount &* 4 &* stateCount }

    /// The index of (band, sex, status, state).
    @inlinable
    public func index(band: Int, sex: Sex, status: PovertyStatus, state: Int = 0) -> Int {
        ((band &* 2 &+ sex.rawValue) &* 2 &+ status.rawValue) &* stateCount &+ state
    }

    /// The index of disease state `state` of the cell `cell` of the layout without states.
    @inlinable
    public func index(cell: Int, state: Int) -> Int { cell &* stateCount &+ state }

    /// The cell of the layout without states that holds `index` (its disease state dropped).
    @inlinable
    public func cellWithoutState(_ index: Int) -> Int { index / stateCount }

    /// The poverty status of the people of cell `index`.
    @inlinable
    public func status(of index: Int) -> PovertyStatus {
        (index / stateCount) & 1 == 0 ? .inPoverty : .exitedPoverty
    }

    /// The (band, sex, status, state) of cell `index`; inverse of ``index(band:sex:status:state:)``.
    public func coordinates(of index: Int) -> (band: Int, sex: Sex, status: PovertyStatus, state: Int) {
        precondition(index >= 0 && index < count, "cell \(index) outside 0..<\(count)")
        let cell = index / stateCount
        return (cell / 4, (cell / 2) & 1 == 0 ? .female : .male, status(of: index), index % stateCount)
    }
}
