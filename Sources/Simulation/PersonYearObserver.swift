/// Sees each person-year a ``CountyYearSimulator`` simulates: the hook that lets
/// calibration (`fundsim calibrate`'s fit report) collect per-person annual totals
/// (cost, out-of-pocket, tier payments, admissions) that the forecast only sums.
///
/// The simulator calls ``countyYearStarting(ledger:)`` once, before the
/// county-year's first person, and ``personSimulated(cell:ledger:)`` after each
/// person, with the cumulative flat ledger (every plan's row, see
/// ``CountyYearSimulator``); a person's own totals are the difference between two
/// consecutive calls. Household counts are booked after the last person and are
/// not part of any difference. An observer never changes what is simulated: the
/// ledger is the same with or without one.
///
/// The normal path uses ``NoPersonYearObserver``, whose empty methods the
/// compiler specialises away.
public protocol PersonYearObserver {
    /// Called before the county-year's first person with the ledger as it stands.
    mutating func countyYearStarting(ledger: [Int64])
    /// Called after each person-year with the cumulative ledger; `cell` is the
    /// person's population cell (``PopulationModel/cell(band:sex:status:)``).
    mutating func personSimulated(cell: Int, ledger: [Int64])
}

/// The observer of the normal path: sees nothing, costs nothing.
public struct NoPersonYearObserver: PersonYearObserver {
    /// Creates the observer.
    @inlinable public init() {}
    /// Nothing.
    @inlinable public mutating func countyYearStarting(ledger: [Int64]) {}
    /// Nothing.
    @inlinable public mutating func personSimulated(cell: Int, ledger: [Int64]) {}
}
