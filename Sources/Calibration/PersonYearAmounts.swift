import Settlement

/// Per person-year totals, one row per person-year: what every tier paid, the
/// total cost and out-of-pocket, cost and out-of-pocket by claim setting, and
/// admissions by facility level. Money in fen, counts as counts.
///
/// Why one table for both sides: the fit report compares an extract with
/// simulations, and its statistics (``FitStatistics``) must mean the same thing on
/// both. The observed side (``ObservedPersonYears``) and the simulated side
/// (``LedgerDifferenceObserver``) both fill this table; one function computes the
/// statistics from it.
public struct PersonYearAmounts: Sendable {
    /// The tier ids, in plan order.
    public let tierIDs: [String]
    /// Values per row: tiers, total cost, out-of-pocket, 4 costs by setting, 4
    /// out-of-pockets by setting, 4 admission counts by level, then the person's age
    /// group (``AgeGroup`` raw value) and 1 when in poverty (0 when exited).
    public let width: Int
    /// The rows, flat: row r at `r × width ..< (r + 1) × width`.
    public private(set) var values: [Int64] = []

    /// An empty table for a plan's tiers.
    public init(tierIDs: [String]) {
        self.tierIDs = tierIDs
        width = tierIDs.count + 2 + 3 * 4 + 2
    }

    /// Number of person-years.
    public var count: Int { values.count / width }

    /// Where tier `t`'s payment is in a row.
    @inlinable public func tier(_ t: Int) -> Int { t }
    /// Where the total cost is in a row.
    public var totalCost: Int { tierIDs.count }
    /// Where the out-of-pocket is in a row.
    public var outOfPocket: Int { tierIDs.count + 1 }
    /// Where the cost of a setting is in a row.
    public func cost(_ setting: ClaimSetting) -> Int { tierIDs.count + 2 + setting.rawValue }
    /// Where the out-of-pocket of a setting is in a row.
    public func outOfPocket(_ setting: ClaimSetting) -> Int { tierIDs.count + 6 + setting.rawValue }
    /// Where the admissions (inpatient and major-disease claims) at a level are in a row.
    public func admissions(_ level: FacilityLevel) -> Int { tierIDs.count + 10 + level.rawValue }

    /// Where the person's age group (0 children, 1 adults, 2 elderly) is in a row.
    public var ageGroup: Int { tierIDs.count + 14 }
    /// Where the poverty status is in a row (1 in poverty, 0 exited).
    public var inPoverty: Int { tierIDs.count + 15 }

    /// Sets the person of row `row`: age group and poverty status.
    public mutating func setPerson(row: Int, ageGroup group: Int, inPoverty poor: Bool) {
        values[row * width + ageGroup] = Int64(group)
        values[row * width + inPoverty] = poor ? 1 : 0
    }

    /// Value `slot` of row `row`.
    public subscript(row: Int, slot: Int) -> Int64 { values[row * width + slot] }

    /// Appends a person-year without claims (all zero).
    public mutating func appendEmpty() { values.append(contentsOf: repeatElement(0, count: width)) }

    /// Appends one row of `width` values.
    public mutating func append<Row: Collection<Int64>>(_ row: Row) {
        precondition(row.count == width, "a row has \(width) values")
        values.append(contentsOf: row)
    }

    /// Adds one claim to row `row`: its setting, level, total cost, every tier's
    /// payment (fen, plan order) and out-of-pocket.
    public mutating func addClaim(row: Int, setting: ClaimSetting, level: FacilityLevel, totalCost cost: Int64, payments: [Int64], outOfPocket oop: Int64) {
        precondition(row >= 0 && row < count && payments.count == tierIDs.count)
        let base = row * width
        for t in payments.indices { values[base + t] += payments[t] }
        values[base + totalCost] += cost
        values[base + outOfPocket] += oop
        values[base + self.cost(setting)] += cost
        values[base + self.outOfPocket(setting)] += oop
        if setting == .inpatient || setting == .majorDisease { values[base + admissions(level)] += 1 }
    }
}
