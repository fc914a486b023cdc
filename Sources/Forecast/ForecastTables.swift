import Reporting
import Simulation

/// The policy indicators reported in `indicators.csv`, with the policy's own
/// targets (scenario parameters, ``IndicatorTarget``) and what each measures.
public struct IndicatorSpec: Sendable {
    /// Output name.
    public var name: String
    /// Item it reads.
    public var item: Item
    /// The target, if the scenario names one.
    public var target: IndicatorTarget?
    /// What the indicator measures, in words (e.g. the catastrophic threshold's share of the income line).
    public var definition: String

    /// Creates a spec.
    public init(name: String, item: Item, target: IndicatorTarget? = nil, definition: String) {
        self.name = name
        self.item = item
        self.target = target
        self.definition = definition
    }

    /// An item of the forecast an indicator reads, by type (never by name).
    public enum Item: Hashable, Sendable {
        /// A ledger item every plan has, e.g. ``LedgerItem/peopleAtIncomeLine``.
        case ledger(LedgerItem)
        /// A derived indicator.
        case derived(DerivedIndicator)
    }

    /// The indicators of POLICY.md section 4 with the scenario's targets and
    /// catastrophic share (`nil`: no threshold, nobody counted catastrophic).
    public static func specs(targets: [IndicatorTarget], catastrophicShare: Double?) -> [IndicatorSpec] {
        func target(_ item: Item) -> IndicatorTarget? {
            guard case .derived(let indicator) = item else { return nil }
            return targets.first { $0.indicator == indicator }
        }
        let share = catastrophicShare.map { "out-of-pocket above \(NumberText.fixed($0 * 100, decimals: 2))% of the income line (catastrophic_threshold)" }
        let list: [(Item, String)] = [
            (.derived(.compliantInpatientActualRatio), "reimbursed / total cost of referral-compliant admissions (inpatient and major disease)"),
            (.derived(.inCountyInpatientActualRatio), "reimbursed / total cost of in-county admissions"),
            (.ledger(.peopleAtIncomeLine), "people whose annual compliant out-of-pocket was capped at the income line"),
            (.derived(.shareAtIncomeLine), "people at the income line / registered poor"),
            (.derived(.perCapitaOutOfPocket), "out-of-pocket / registered poor (yuan)"),
            (.derived(.shareCatastrophic), "people with " + (share ?? "no catastrophic threshold (the scenario sets none)") + " / registered poor"),
            (.derived(.shareHouseholdsWithIllness), "households with illness / households (see households_with_illness)"),
        ]
        return list.map { item, definition in
            let name = switch item {
            case .ledger(let i): i.name
            case .derived(let d): d.name
            }
            return IndicatorSpec(name: name, item: item, target: target(item), definition: definition)
        }
    }
}

extension ForecastAggregator {
    /// `forecast.csv`: one row per (year, region, item) with mean, sd, p05, p50, p95, p99, and the
    /// Monte Carlo standard errors of p95 and p99 (`p95_se`, `p99_se`) (``OutputTables/forecast(items:)``).
    public func forecastTable() -> Table {
        var table = Table(OutputTables.forecast(items: items.names))
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                let labels = [String(year)] + OutputTables.regionValues(region)
                for (i, item) in items.names.enumerated() {
                    let (s, p95, p99) = summaryAndQuantileErrors(year: y, region: r, item: i)
                    table.append(labels + [item, items.units[i].rawValue]
                                 + [s.mean, s.sd, s.p05, s.p50, s.p95, s.p99, p95, p99].map(Self.number))
                }
            }
        }
        return table
    }

    /// `county_liability.csv`: per county and year, the head count, backstop
    /// spending, the 60-yuan subsidy, the liability's distribution, the
    /// probability that the subsidy covers the backstop, and the Monte Carlo
    /// standard errors of the liability's P95 and P99 (``OutputTables/countyLiability``).
    public func countyLiabilityTable() -> Table {
        var table = Table(OutputTables.countyLiability)
        let people = items.index(.registeredPoor), spending = items.index(.countyBackstopSpending)
        let subsidy = items.index(.provincialBackstopSubsidy), liability = items.index(.countyBackstopLiability)
        for (y, year) in years.enumerated() {
            for r in regions.countyRegion {
                let region = regions.regions[r]
                let (l, p95, p99) = summaryAndQuantileErrors(year: y, region: r, item: liability)
                let e = (p95: p95, p99: p99)
                table.append([String(year)] + OutputTables.regionValues(region) + [
                    Self.number(mean(year: y, region: r, item: people)),
                    Self.number(mean(year: y, region: r, item: spending)),
                    Self.number(mean(year: y, region: r, item: subsidy)),
                    Self.number(l.mean), Self.number(l.p50), Self.number(l.p90), Self.number(l.p95), Self.number(l.p99),
                    Self.number(fractionAtMostZero(year: y, region: r, item: liability)),
                    Self.number(e.p95), Self.number(e.p99),
                ])
            }
        }
        return table
    }

    /// `indicators.csv`: the policy's indicators per year and region, with targets: `target` is
    /// numeric (empty without one) and `comparator` says how the indicator meets it (`>=`, `<=`)
    /// (``OutputTables/indicators(names:)``).
    public func indicatorTable(_ specs: [IndicatorSpec]) -> Table {
        let present = specs.map { spec in
            switch spec.item {
            case .ledger(let item): (spec, items.index(item))
            case .derived(let indicator): (spec, items.index(indicator))
            }
        }
        var table = Table(OutputTables.indicators(names: present.map(\.0.name)))
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                for (spec, i) in present {
                    let s = summary(year: y, region: r, item: i)
                    table.append([String(year)] + OutputTables.regionValues(region)
                                 + [spec.name, spec.target.map { Self.number($0.target) } ?? "", spec.target?.comparator.rawValue ?? "",
                                    items.units[i].rawValue]
                                 + [s.mean, s.sd, s.p05, s.p50, s.p95].map(Self.number) + [spec.definition])
                }
            }
        }
        return table
    }

    /// Numbers in output: shortest round-trip text of the value rounded to 6 significant decimals after the point.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return NumberText.fixed(value, decimals: abs(value) >= 1000 ? 2 : 6)
    }

    /// Appends ``number(_:)``'s text of `value` to `bytes` (UTF-8), without making a `String`.
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        NumberText.appendFixed(value, decimals: abs(value) >= 1000 ? 2 : 6, to: &bytes)
    }
}
