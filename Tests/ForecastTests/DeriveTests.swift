import Testing
@testable import Forecast
@testable import Simulation

/// The derived indicators, filled in place in a draw's region rows from positions
/// looked up once, equal the indicators as defined: each ledger item found by
/// name in a copy of the row (the way they were computed before).
@Suite("Derived indicators in place")
struct DeriveTests {
    /// The indicators of one row by name lookups, as ``ForecastItems`` defined them.
    static func reference(_ row: [Double], items: ForecastItems, year: Int) -> [Double] {
        let layout = items.layout
        func v(_ item: LedgerItem) -> Double { row[layout.index(item)] }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        var out = row
        for indicator in DerivedIndicator.allCases {
            out[items.index(indicator)] = switch indicator {
            case .compliantInpatientActualRatio: ratio(v(.compliantInpatientReimbursed), v(.compliantInpatientCost))
            case .inCountyInpatientActualRatio: ratio(v(.inCountyInpatientReimbursed), v(.inCountyInpatientCost))
            case .perCapitaOutOfPocket: ratio(v(.outOfPocket), v(.registeredPoor))
            case .shareCatastrophic: ratio(v(.peopleCatastrophic), v(.registeredPoor))
            case .shareAtIncomeLine: ratio(v(.peopleAtIncomeLine), v(.registeredPoor))
            case .catastrophicThreshold: year < items.catastrophicThresholds.count ? items.catastrophicThresholds[year] : 0
            case .shareHouseholdsWithIllness: ratio(v(.householdsWithIllness), v(.households))
            }
        }
        return out
    }

    @Test func inPlaceEqualsByName() {
        let items = ForecastItems(layout: LedgerLayout(tierIDs: ["basic", "critical", "assist"], perPersonIDs: ["fee"]),
                                  catastrophicThresholds: [1234.5, nil])
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 11 }
        let itemCount = items.names.count
        var mismatches = 0
        for trial in 0..<500 {
            let regions = 3, year = trial % 3
            // Random ledger values: zeros (an undefined ratio gives 0), negatives, large and small.
            var rows = (0..<(regions * itemCount)).map { _ -> Double in
                switch next() % 6 {
                case 0: 0
                case 1: -Double(next() % 1000)
                default: Double(next() % 1_000_000_000) / Double(1 + next() % 1000)
                }
            }
            var expected: [Double] = []
            for r in 0..<regions {
                expected += Self.reference(Array(rows[(r * itemCount)..<((r + 1) * itemCount)]), items: items, year: year)
            }
            for r in 0..<regions { items.derive(&rows, at: r * itemCount, year: year) }
            if rows.map(\.bitPattern) != expected.map(\.bitPattern) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // The comparison sees a wrong indicator: a row whose derived part is left stale differs.
        var stale = [Double](repeating: 2, count: itemCount)
        let expected = Self.reference(stale, items: items, year: 0)
        stale[items.index(.perCapitaOutOfPocket)] = 7
        #expect(stale != expected)
    }
}
