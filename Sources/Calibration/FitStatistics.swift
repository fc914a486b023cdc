import Reporting
import Settlement

/// The statistics of the fit report (`calibration.csv`), computed by one function
/// from per person-year totals, so that the observed and the simulated values have
/// exactly the same definition.
///
/// | id | definition |
/// |---|---|
/// | `cost_mean` | total cost per person-year (yuan) |
/// | `cost_p50`, `cost_p90`, `cost_p99` | quantiles of a person-year's total cost, type 7 (``SampleQuantile``), person-years without claims count as 0 |
/// | `top1_share` | share of all cost spent by the costliest 1% of person-years (⌈n/100⌉ of them) |
/// | `share_admitted` | share of person-years with at least one admission (inpatient or major-disease claim) |
/// | `admissions_per_person_year_LEVEL` | admissions at a facility level per person-year |
/// | `oop_share`, `oop_share_SETTING` | out-of-pocket ÷ total cost, overall and of a claim setting (empty when that cost is 0) |
/// | `TIER_per_person` | a tier's payments per person-year (yuan) |
/// | `share_children`, `share_elderly`, `share_in_poverty` | the population: share of person-years aged 0–14, aged 60+, in poverty |
public enum FitStatistics {
    /// One statistic's id and unit.
    public struct Definition: Hashable, Sendable {
        /// The id (the `statistic` column of `calibration.csv`).
        public var id: String
        /// The unit (`yuan_per_person_year`, `yuan`, `share`, `per_person_year`).
        public var unit: String
    }

    /// The statistics for a plan with these tiers, in report order.
    public static func definitions(tierIDs: [String]) -> [Definition] {
        var list = [Definition(id: "cost_mean", unit: "yuan_per_person_year"),
                    Definition(id: "cost_p50", unit: "yuan"), Definition(id: "cost_p90", unit: "yuan"),
                    Definition(id: "cost_p99", unit: "yuan"), Definition(id: "top1_share", unit: "share"),
                    Definition(id: "share_admitted", unit: "share")]
        for level in FacilityLevel.allCases {
            list.append(Definition(id: "admissions_per_person_year_\(level.fileName)", unit: "per_person_year"))
        }
        list.append(Definition(id: "oop_share", unit: "share"))
        for setting in ClaimSetting.allCases { list.append(Definition(id: "oop_share_\(setting.fileName)", unit: "share")) }
        for id in tierIDs { list.append(Definition(id: "\(id)_per_person", unit: "yuan_per_person_year")) }
        // Who the people are: a utilisation mismatch often comes from a different population structure.
        list += [Definition(id: "share_children", unit: "share"), Definition(id: "share_elderly", unit: "share"),
                 Definition(id: "share_in_poverty", unit: "share")]
        return list
    }

    /// The statistics of `totals`, in the order of ``definitions(tierIDs:)``
    /// (NaN where undefined: no person-years, or no cost in a setting).
    public static func compute(_ totals: PersonYearAmounts) -> [Double] {
        let n = totals.count
        let people = Double(n)
        var costs = [Double](repeating: 0, count: n)
        var sums = [Int64](repeating: 0, count: totals.width)
        var admitted = 0
        var children = 0, elderly = 0
        let admissionSlots = FacilityLevel.allCases.map { totals.admissions($0) }
        for r in 0..<n {
            for s in 0..<totals.width { sums[s] += totals[r, s] }
            costs[r] = Double(totals[r, totals.totalCost]) / 100
            if admissionSlots.contains(where: { totals[r, $0] > 0 }) { admitted += 1 }
            let group = totals[r, totals.ageGroup]
            if group == 0 { children += 1 } else if group == 2 { elderly += 1 }
        }
        costs.sort()
        let totalCost = Double(sums[totals.totalCost]) / 100
        var values: [Double] = [n > 0 ? totalCost / people : .nan,
                                SampleQuantile.type7(sorted: costs, 0.50), SampleQuantile.type7(sorted: costs, 0.90),
                                SampleQuantile.type7(sorted: costs, 0.99)]
        let top = (n + 99) / 100
        let topCost = costs.suffix(top).reduce(0, +)
        values.append(totalCost > 0 ? topCost / totalCost : .nan)
        values.append(n > 0 ? Double(admitted) / people : .nan)
        for slot in admissionSlots { values.append(n > 0 ? Double(sums[slot]) / people : .nan) }
        func share(_ oop: Int64, _ cost: Int64) -> Double { cost > 0 ? Double(oop) / Double(cost) : .nan }
        values.append(share(sums[totals.outOfPocket], sums[totals.totalCost]))
        for setting in ClaimSetting.allCases { values.append(share(sums[totals.outOfPocket(setting)], sums[totals.cost(setting)])) }
        for t in totals.tierIDs.indices { values.append(n > 0 ? Double(sums[t]) / 100 / people : .nan) }
        values.append(n > 0 ? Double(children) / people : .nan)
        values.append(n > 0 ? Double(elderly) / people : .nan)
        values.append(n > 0 ? Double(sums[totals.inPoverty]) / people : .nan)
        return values
    }
}
