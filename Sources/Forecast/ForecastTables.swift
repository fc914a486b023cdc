import Reporting

/// The policy indicators reported in `indicators.csv`, with the policy's own targets.
public struct IndicatorSpec: Sendable {
    /// Output name.
    public var name: String
    /// Item it reads.
    public var item: String
    /// Target named by the policy, if any, and how to compare.
    public var target: String

    /// The indicators of POLICY.md section 4 (performance targets, reported not forced).
    public static let standard: [IndicatorSpec] = [
        .init(name: "compliant_inpatient_actual_ratio", item: "compliant_inpatient_actual_ratio", target: ">= 0.90"),
        .init(name: "in_county_inpatient_actual_ratio", item: "in_county_inpatient_actual_ratio", target: ">= 0.70"),
        .init(name: "people_at_income_line", item: "people_at_income_line", target: "annual compliant out-of-pocket <= income line"),
        .init(name: "share_at_income_line", item: "share_at_income_line", target: ""),
        .init(name: "per_capita_out_of_pocket", item: "per_capita_out_of_pocket", target: ""),
        .init(name: "share_catastrophic", item: "share_catastrophic", target: "out-of-pocket > 40% of the income line"),
    ]
}

extension ForecastAggregator {
    /// `forecast.csv`: one row per (year, region, item) with mean, sd, p05, p50, p95, p99 (``OutputTables/forecast(items:)``).
    public func forecastTable() -> Table {
        var table = Table(OutputTables.forecast(items: items.names))
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                let labels = [String(year)] + OutputTables.regionValues(region)
                for (i, item) in items.names.enumerated() {
                    let s = summary(year: y, region: r, item: i)
                    table.append(labels + [item, items.units[i].rawValue]
                                 + [s.mean, s.sd, s.p05, s.p50, s.p95, s.p99].map(Self.number))
                }
            }
        }
        return table
    }

    /// `county_liability.csv`: per county and year, the head count, backstop
    /// spending, the 60-yuan subsidy, the liability's distribution and the
    /// probability that the subsidy covers the backstop (``OutputTables/countyLiability``).
    public func countyLiabilityTable() -> Table {
        var table = Table(OutputTables.countyLiability)
        let index = { (name: String) in self.items.names.firstIndex(of: name)! }
        let people = index("registered_poor"), spending = index("county_backstop_spending")
        let subsidy = index("provincial_backstop_subsidy"), liability = index("county_backstop_liability")
        for (y, year) in years.enumerated() {
            for r in regions.countyRegion {
                let region = regions.regions[r]
                let l = summary(year: y, region: r, item: liability)
                table.append([String(year)] + OutputTables.regionValues(region) + [
                    Self.number(summary(year: y, region: r, item: people).mean),
                    Self.number(summary(year: y, region: r, item: spending).mean),
                    Self.number(summary(year: y, region: r, item: subsidy).mean),
                    Self.number(l.mean), Self.number(l.p50), Self.number(l.p90), Self.number(l.p95), Self.number(l.p99),
                    Self.number(fractionAtMostZero(year: y, region: r, item: liability)),
                ])
            }
        }
        return table
    }

    /// `indicators.csv`: the policy's indicators per year and region, with targets (``OutputTables/indicators(names:)``).
    public func indicatorTable(_ specs: [IndicatorSpec] = IndicatorSpec.standard) -> Table {
        let present = specs.compactMap { spec in items.names.firstIndex(of: spec.item).map { (spec, $0) } }
        var table = Table(OutputTables.indicators(names: present.map(\.0.name)))
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                for (spec, i) in present {
                    let s = summary(year: y, region: r, item: i)
                    table.append([String(year)] + OutputTables.regionValues(region) + [spec.name, spec.target, items.units[i].rawValue]
                                 + [s.mean, s.sd, s.p05, s.p50, s.p95].map(Self.number))
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
}
