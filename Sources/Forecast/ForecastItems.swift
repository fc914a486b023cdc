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

    /// The row positions of the ledger items ``derive(_:at:year:)`` reads, looked up once:
    /// a lookup by item hashes the item's name (``LedgerItem`` is `RawRepresentable` by `String`).
    private let sources: DerivationSources

    /// The row positions of the ledger items the derived indicators read.
    private struct DerivationSources: Sendable {
        let compliantReimbursed: Int, compliantCost: Int, inCountyReimbursed: Int, inCountyCost: Int, outOfPocket: Int
        let registeredPoor: Int, peopleCatastrophic: Int, peopleAtIncomeLine: Int, householdsWithIllness: Int, households: Int

        init(_ layout: LedgerLayout) {
            compliantReimbursed = layout.index(.compliantInpatientReimbursed)
            compliantCost = layout.index(.compliantInpatientCost)
            inCountyReimbursed = layout.index(.inCountyInpatientReimbursed)
            inCountyCost = layout.index(.inCountyInpatientCost)
            outOfPocket = layout.index(.outOfPocket)
            registeredPoor = layout.index(.registeredPoor)
            peopleCatastrophic = layout.index(.peopleCatastrophic)
            peopleAtIncomeLine = layout.index(.peopleAtIncomeLine)
            householdsWithIllness = layout.index(.householdsWithIllness)
            households = layout.index(.households)
        }
    }

    /// Derived indicator names, in output order.
    public static let derived = DerivedIndicator.allCases.map(\.name)

    /// Creates the items of a layout; `catastrophicThresholds` per year index (see ``MonteCarloRunner/catastrophicThresholds``).
    public init(layout: LedgerLayout, catastrophicThresholds: [Double?] = []) {
        self.layout = layout
        self.catastrophicThresholds = catastrophicThresholds.map { $0 ?? 0 }
        sources = DerivationSources(layout)
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

    /// Fills the derived items of the region row that starts at `rows[base]`, of year index
    /// `year`, from its ledger items (in place: the indicators read ledger items only).
    func derive(_ rows: inout [Double], at base: Int, year: Int) {
        let s = sources
        func ratio(_ a: Int, _ b: Int) -> Double {
            let denominator = rows[base + b]
            return denominator > 0 ? rows[base + a] / denominator : 0
        }
        // Indicator k goes to position `layout.count + k` (``index(_:)-(DerivedIndicator)``).
        for (k, indicator) in DerivedIndicator.allCases.enumerated() {
            rows[base + layout.count + k] = switch indicator {
            case .compliantInpatientActualRatio: ratio(s.compliantReimbursed, s.compliantCost)
            case .inCountyInpatientActualRatio: ratio(s.inCountyReimbursed, s.inCountyCost)
            case .perCapitaOutOfPocket: ratio(s.outOfPocket, s.registeredPoor)
            case .shareCatastrophic: ratio(s.peopleCatastrophic, s.registeredPoor)
            case .shareAtIncomeLine: ratio(s.peopleAtIncomeLine, s.registeredPoor)
            case .catastrophicThreshold: year < catastrophicThresholds.count ? catastrophicThresholds[year] : 0
            case .shareHouseholdsWithIllness: ratio(s.householdsWithIllness, s.households)
            }
        }
    }
}
