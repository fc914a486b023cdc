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

    /// Derived indicator names, in output order.
    public static let derived = DerivedIndicator.allCases.map(\.name)

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
        } + DerivedIndicator.allCases.map(Self.unit)
    }

    /// The items of a runner's forecast, with its years' catastrophic thresholds.
    public init(runner: MonteCarloRunner) {
        self.init(layout: runner.layout, catastrophicThresholds: runner.catastrophicThresholds)
    }

    /// The unit of a derived indicator.
    static func unit(_ indicator: DerivedIndicator) -> ItemUnit {
        switch indicator {
        case .compliantInpatientActualRatio, .inCountyInpatientActualRatio: .ratio
        case .perCapitaOutOfPocket, .catastrophicThreshold: .yuanPerPerson
        case .shareCatastrophic, .shareAtIncomeLine, .shareHouseholdsWithIllness: .share
        }
    }

    /// The index of a ledger item every plan has.
    public func index(_ item: LedgerItem) -> Int { layout.index(item) }

    /// The index of a derived indicator.
    public func index(_ indicator: DerivedIndicator) -> Int {
        layout.count + DerivedIndicator.allCases.firstIndex(of: indicator)!
    }

    /// Fills the derived items of a region row of year index `year` from its ledger items.
    func derive(_ row: inout [Double], year: Int) {
        func v(_ item: LedgerItem) -> Double { row[layout.index(item)] }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        for indicator in DerivedIndicator.allCases {
            row[index(indicator)] = switch indicator {
            case .compliantInpatientActualRatio: ratio(v(.compliantInpatientReimbursed), v(.compliantInpatientCost))
            case .inCountyInpatientActualRatio: ratio(v(.inCountyInpatientReimbursed), v(.inCountyInpatientCost))
            case .perCapitaOutOfPocket: ratio(v(.outOfPocket), v(.registeredPoor))
            case .shareCatastrophic: ratio(v(.peopleCatastrophic), v(.registeredPoor))
            case .shareAtIncomeLine: ratio(v(.peopleAtIncomeLine), v(.registeredPoor))
            case .catastrophicThreshold: year < catastrophicThresholds.count ? catastrophicThresholds[year] : 0
            case .shareHouseholdsWithIllness: ratio(v(.householdsWithIllness), v(.households))
            }
        }
    }
}
