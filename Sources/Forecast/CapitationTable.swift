import Reporting
import Simulation

extension CapitationDraws {
    /// The target risks whose break-even rates `capitation.csv` reports.
    public static let reportedRisks = [0.05, 0.01]

    /// `capitation.csv` (``OutputTables/capitation(risks:)``): per pilot and year, the covered people, the pooled
    /// rate and budget, the expenditure, the hospital's surplus (after the risk
    /// corridor; negative: deficit) mean, sd, P05, P50, P95, the probability of
    /// deficit, the county's corridor payment, the break-even rates at 5% and 1%
    /// with their Monte Carlo standard errors and tail draws, and the income-line
    /// violations among covered people (the engine guarantees 0).
    public func table() -> Table {
        var csv = Table(OutputTables.capitation(risks: Self.reportedRisks.map { risk in
            (Self.riskTag(risk), Self.percentText(risk))
        }))
        for (y, year) in years.enumerated() {
            for (p, pilot) in pilots.enumerated() {
                let search = search(year: y, pilot: p)
                let accounts = search.accounts
                let n = Double(max(1, accounts.count))
                func mean(_ f: (CapitationAccount) -> Int64) -> Double { accounts.reduce(0) { $0 + Double(f($1)) } / n }
                let surplus = accounts.map { Double($0.hospitalSurplus) / 100 }
                let surplusMean = surplus.reduce(0, +) / n
                let variance = surplus.reduce(0) { $0 + ($1 - surplusMean) * ($1 - surplusMean) } / max(1, n - 1)
                let sorted = surplus.sorted()
                let perCovered = search.costPerCovered.reduce(0, +) / n
                var row = [String(year), pilot.id, pilot.name, RegionLevel.county.rawValue, pilot.countyID, String(accounts.count),
                           number(mean(\.coveredPeople)), number(pilot.rate(year: year).yuan),
                           number(mean(\.budget) / 100), number(mean(\.expenditure) / 100), number(perCovered),
                           number(surplusMean), number(variance.squareRoot()),
                           number(SampleQuantile.type7(sorted: sorted, 0.05)), number(SampleQuantile.type7(sorted: sorted, 0.5)),
                           number(SampleQuantile.type7(sorted: sorted, 0.95)),
                           number(Double(accounts.filter(\.isDeficit).count) / n), number(mean(\.countyPayment) / 100)]
                for risk in Self.reportedRisks {
                    let estimate = search.breakEven(targetRisk: risk)
                    row += [number(estimate.rate), number(estimate.standardError), String(estimate.tailDraws)]
                }
                row.append(String(accounts.reduce(Int64(0)) { $0 + $1.incomeLineViolations }))
                csv.append(row)
            }
        }
        return csv
    }

    /// `0.05` → `5pct`, `0.01` → `1pct`, `0.025` → `2.5pct`.
    static func riskTag(_ risk: Double) -> String {
        percentText(risk) + "pct"
    }

    /// `0.05` → `5`, `0.025` → `2.5`.
    static func percentText(_ risk: Double) -> String {
        let percent = risk * 100
        return percent == percent.rounded() ? "\(Int(percent))" : NumberText.shortest(percent)
    }

    private func number(_ value: Double) -> String { ForecastAggregator.number(value) }
}
