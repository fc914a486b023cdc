import Simulation

/// The unit of a value in the output tables (the `unit` column).
public enum ItemUnit: String, Sendable, Hashable, CaseIterable {
    /// Money, in yuan (元), two decimals.
    case yuan
    /// Money per registered poor person, in yuan.
    case yuanPerPerson = "yuan_per_person"
    /// A head count of persons.
    case people
    /// A count of claims (visits and admissions).
    case claims
    /// A count of households.
    case households
    /// Money over money (e.g. reimbursed / cost), from 0 to 1.
    case ratio
    /// People over people (e.g. the share at the income line), from 0 to 1.
    case share
    /// A probability over draws, from 0 to 1.
    case probability
}

/// The items of the forecast: the ledger's items, then indicators derived from
/// them per draw (ratios are computed per draw and then summarised, so their
/// uncertainty is honest).
public struct ForecastItems: Sendable {
    /// Ledger layout.
    public let layout: LedgerLayout
    /// All item names: ledger items then derived ones.
    public let names: [String]
    /// Unit of each item.
    public let units: [ItemUnit]

    /// The catastrophic-spending threshold of each year (yuan per person-year, by year
    /// index), reported as the item `catastrophic_threshold`; 0 where there is none.
    public let catastrophicThresholds: [Double]

    /// Derived indicator names.
    public static let derived = [
        "compliant_inpatient_actual_ratio", "in_county_inpatient_actual_ratio",
        "per_capita_out_of_pocket", "share_catastrophic", "share_at_income_line", "catastrophic_threshold",
        "share_households_with_illness",
    ]

    /// Creates the items of a layout; `catastrophicThresholds` per year index (see ``MonteCarloRunner/catastrophicThresholds``).
    public init(layout: LedgerLayout, catastrophicThresholds: [Double?] = []) {
        self.layout = layout
        self.catastrophicThresholds = catastrophicThresholds.map { $0 ?? 0 }
        names = layout.names + Self.derived
        units = layout.names.indices.map { i in
            switch layout.countKind(i) {
            case nil: .yuan
            case .people: .people
            case .claims: .claims
            case .households: .households
            }
        } + [.ratio, .ratio, .yuanPerPerson, .share, .share, .yuanPerPerson, .share]
    }

    /// The items of a runner's forecast, with its years' catastrophic thresholds.
    public init(runner: MonteCarloRunner) {
        self.init(layout: runner.layout, catastrophicThresholds: runner.catastrophicThresholds)
    }

    /// Fills the derived items of a region row of year index `year` from its ledger items.
    func derive(_ row: inout [Double], year: Int) {
        let n = layout.count
        func v(_ name: String) -> Double { row[layout.index(name)] }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        row[n] = ratio(v("compliant_inpatient_reimbursed"), v("compliant_inpatient_cost"))
        row[n + 1] = ratio(v("in_county_inpatient_reimbursed"), v("in_county_inpatient_cost"))
        row[n + 2] = ratio(v("out_of_pocket"), v("registered_poor"))
        row[n + 3] = ratio(v("people_catastrophic"), v("registered_poor"))
        row[n + 4] = ratio(v("people_at_income_line"), v("registered_poor"))
        row[n + 5] = year < catastrophicThresholds.count ? catastrophicThresholds[year] : 0
        row[n + 6] = ratio(v("households_with_illness"), v("households"))
    }
}
