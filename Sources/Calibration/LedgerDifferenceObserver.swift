import Settlement
import Simulation

/// Collects each simulated person-year's totals (``PersonYearAmounts``) as the
/// difference the person made to the first plan's ledger row, read from the
/// simulator through its ``PersonYearObserver`` hook. The ledger's items by setting
/// and level (``LedgerLayout/claimItems``) are booked claim by claim, so the
/// difference is exactly the person's own sums.
public struct LedgerDifferenceObserver: PersonYearObserver {
    /// The rows collected so far.
    public var totals: PersonYearAmounts
    private let slots: [Int]
    private var previous: [Int64]
    private let cells: PopulationCellLayout
    private let groupOfBand: [Int]

    /// An observer of a plan whose ledger row (the first of the flat ledger) has `layout`, adding to
    /// `totals`, for a population of `population`'s age bands (to record each person's age group).
    public init(layout: LedgerLayout, totals: PersonYearAmounts, population: PopulationModel) {
        precondition(totals.tierIDs == layout.tierIDs, "the totals' tiers are the layout's")
        var slots = Array(0..<layout.tierIDs.count)
        slots.append(layout.index(.totalCost))
        slots.append(layout.index(.outOfPocket))
        for setting in ClaimSetting.allCases { slots.append(layout.index(totalCostIn: setting)) }
        for setting in ClaimSetting.allCases { slots.append(layout.index(outOfPocketIn: setting)) }
        for level in FacilityLevel.allCases { slots.append(layout.index(admissionsAt: level)) }
        precondition(slots.count + 2 == totals.width)
        self.slots = slots
        cells = PopulationCellLayout(bandCount: population.ageBandLowerBounds.count)
        groupOfBand = population.ageBandLowerBounds.map { AgeGroup(bandLowerBound: $0).rawValue }
        self.totals = totals
        previous = [Int64](repeating: 0, count: slots.count)
    }

    /// Remembers where the ledger stands before the first person.
    public mutating func countyYearStarting(ledger: [Int64]) {
        for (i, slot) in slots.enumerated() { previous[i] = ledger[slot] }
    }

    /// Appends the person's row: the ledger's change since the previous person.
    public mutating func personSimulated(cell: Int, ledger: [Int64]) {
        var row = [Int64](repeating: 0, count: slots.count + 2)
        for (i, slot) in slots.enumerated() {
            row[i] = ledger[slot] - previous[i]
            previous[i] = ledger[slot]
        }
        let person = cells.coordinates(of: cell)
        row[slots.count] = Int64(groupOfBand[person.band])
        row[slots.count + 1] = person.status == .inPoverty ? 1 : 0
        totals.append(row)
    }
}
