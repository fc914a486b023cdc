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
    /// `forecast.csv`: one row per (year, region, item) with mean, sd, p05, p50, p95, p99.
    public func forecastTable() -> CSVWriter {
        var csv = CSVWriter(header: ["year", "region_level", "region_id", "region_name", "item", "unit",
                                     "mean", "sd", "p05", "p50", "p95", "p99"])
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                for (i, item) in items.names.enumerated() {
                    let s = summary(year: y, region: r, item: i)
                    csv.append([String(year), region.level, region.id, region.name, item, items.units[i]]
                               + [s.mean, s.sd, s.p05, s.p50, s.p95, s.p99].map(Self.number))
                }
            }
        }
        return csv
    }

    /// `county_liability.csv`: per county and year, the head count, backstop
    /// spending, the 60-yuan subsidy, the liability's distribution and the
    /// probability that the subsidy covers the backstop.
    public func countyLiabilityTable() -> CSVWriter {
        var csv = CSVWriter(header: ["year", "county_id", "county_name", "registered_poor", "backstop_spending_mean",
                                     "provincial_backstop_subsidy", "liability_mean", "liability_p50", "liability_p90",
                                     "liability_p95", "liability_p99", "probability_subsidy_covers"])
        let index = { (name: String) in self.items.names.firstIndex(of: name)! }
        let people = index("registered_poor"), spending = index("county_backstop_spending")
        let subsidy = index("provincial_backstop_subsidy"), liability = index("county_backstop_liability")
        for (y, year) in years.enumerated() {
            for r in regions.countyRegion {
                let region = regions.regions[r]
                let l = summary(year: y, region: r, item: liability)
                csv.append([String(year), region.id, region.name,
                            Self.number(summary(year: y, region: r, item: people).mean),
                            Self.number(summary(year: y, region: r, item: spending).mean),
                            Self.number(summary(year: y, region: r, item: subsidy).mean),
                            Self.number(l.mean), Self.number(l.p50), Self.number(l.p90), Self.number(l.p95), Self.number(l.p99),
                            Self.number(fractionAtMostZero(year: y, region: r, item: liability))])
            }
        }
        return csv
    }

    /// `indicators.csv`: the policy's indicators per year and region, with targets.
    public func indicatorTable(_ specs: [IndicatorSpec] = IndicatorSpec.standard) -> CSVWriter {
        var csv = CSVWriter(header: ["year", "region_level", "region_id", "region_name", "indicator", "target",
                                     "mean", "sd", "p05", "p50", "p95"])
        for (y, year) in years.enumerated() {
            for (r, region) in regions.regions.enumerated() {
                for spec in specs {
                    guard let i = items.names.firstIndex(of: spec.item) else { continue }
                    let s = summary(year: y, region: r, item: i)
                    csv.append([String(year), region.level, region.id, region.name, spec.name, spec.target]
                               + [s.mean, s.sd, s.p05, s.p50, s.p95].map(Self.number))
                }
            }
        }
        return csv
    }

    /// Numbers in output: shortest round-trip text of the value rounded to 6 significant decimals after the point.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return NumberText.fixed(value, decimals: abs(value) >= 1000 ? 2 : 6)
    }
}
