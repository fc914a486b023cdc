/// The per-draw items kept for each (year, pilot): what the covered people's
/// claims cost each tier, and the checks. Money in fen (also in
/// ``DrawResult/pilots``), counts as counts.
///
/// A pilot's row is small (tiers + 4 values), so keeping every draw's rows
/// for the break-even search costs draws × pilots × years × that many doubles.
public struct PilotLedgerLayout: Hashable, Sendable {
    /// Number of settlement tiers; tier `t`'s payments on covered people are item `t`.
    public let tierCount: Int

    /// Creates the layout for a plan of `tierCount` tiers.
    public init(tierCount: Int) { self.tierCount = tierCount }

    /// Covered people.
    @inlinable public var coveredPeople: Int { tierCount }
    /// Covered people's out-of-pocket (fen).
    @inlinable public var outOfPocket: Int { tierCount + 1 }
    /// Covered people's total claim cost.
    @inlinable public var totalCost: Int { tierCount + 2 }
    /// Covered people whose annual counted out-of-pocket (added up claim by
    /// claim, independently of the engine's accumulator) exceeds the income line.
    @inlinable public var incomeLineViolations: Int { tierCount + 3 }
    /// Items per row.
    @inlinable public var count: Int { tierCount + 4 }

    /// Whether item `i` is a count rather than money.
    @inlinable public func isCount(_ i: Int) -> Bool { i == coveredPeople || i == incomeLineViolations }
}
