import Foundation
import Settlement
import Simulation
import Cohort

/// The county's population from its roster: the registered poor (the number
/// enrolled in the roster's first year), and what the model lets a county
/// override about them: the in-poverty share by year, only when the base has
/// no cohort projection (with one, the cohort derives every county's poverty
/// status from the province's). The age/sex structure and household sizes are
/// province-wide in the model: they are reported (``observations``), not set.
struct PopulationEstimates {
    let extract: CalibrationExtract
    let base: BaseModel
    let fit: TableFit

    /// The registered poor: person-years of the roster's first year.
    var registeredPoor: (count: Int, year: Int)? {
        guard let first = extract.years?.lowerBound else { return nil }
        return (extract.personYears.reduce(0) { $0 + ($1.year == first ? 1 : 0) }, first)
    }

    /// `population.in_poverty_share` by year, or `nil` with a cohort (not overridable) or no roster.
    func inPovertyShare() -> FittedQuantity? {
        guard base.model.cohort == nil else { return nil }
        let years = Array(base.scenario.years)
        var count = [Int: Int](), poor = [Int: Int]()
        for row in extract.personYears {
            count[row.year, default: 0] += 1
            if row.povertyStatus == .inPoverty { poor[row.year, default: 0] += 1 }
        }
        let baseShares = years.map { y in base.model.population.inPovertyShare[y].map(base.value) ?? 0 }
        let estimates: [EntryFit?] = years.map { y in
            guard let n = count[y], n > 0 else { return nil }
            return AdmissionEstimates.proportion(poor[y] ?? 0, n)
        }
        let observed = years.reduce(0) { $0 + (poor[$1] ?? 0) }
        let expected = zip(years, baseShares).reduce(0.0) { $0 + $1.1 * Double(count[$1.0] ?? 0) }
        let pooled = expected > 0 ? PooledAdjustment(ratio: Double(observed) / expected, standardError: Double(observed).squareRoot() / expected,
                                                     observations: count.values.reduce(0, +), over: "the roster's years") : nil
        return fit.quantity(path: "population.in_poverty_share", shape: .byYear, keys: years.map(String.init), estimates: estimates,
                            observations: years.map { count[$0] ?? 0 }, base: baseShares, pooled: pooled, unit: "share",
                            distribution: .beta, observationWord: "person-years", note: "roster share in_poverty at enrolment", upperBound: 1,
                            rosterOnly: true)
    }

    /// Observed statistics the model does not take per county, as text lines for the overlay's notes.
    func observations() -> [String] {
        var lines: [String] = []
        guard let years = extract.years else { return lines }
        for year in years {
            let rows = extract.personYears.filter { $0.year == year }
            guard !rows.isEmpty else { continue }
            let poor = rows.filter { $0.povertyStatus == .inPoverty }.count
            lines.append(String(format: "%d: %d people enrolled, %.1f%% in poverty (未脱贫)", year, rows.count, 100 * Double(poor) / Double(rows.count)))
        }
        // Age/sex structure in the base's bands, pooled over the roster's years, beside the province's.
        let bands = base.model.population.ageBandLowerBounds
        var shares = [[Int]](repeating: [Int](repeating: 0, count: bands.count), count: 2)
        for row in extract.personYears {
            let band = bands.lastIndex(where: { $0 <= row.age }) ?? 0
            shares[row.sex.rawValue][band] += 1
        }
        let total = Double(extract.personYears.count)
        for sex in Sex.allCases {
            let county = shares[sex.rawValue].map { String(format: "%.3f", Double($0) / total) }.joined(separator: ", ")
            let province = base.model.population.ageSexShares.map { $0[sex.rawValue] }.map { String(format: "%.3f", $0) }.joined(separator: ", ")
            lines.append("age/sex shares, \(sex.fileName) (bands from \(bands.map(String.init).joined(separator: ", "))): county [\(county)]; province [\(province)]")
        }
        // Household sizes (share of households by size), when the roster has households.
        if !extract.households.isEmpty {
            var sizes: [Int: Int] = [:]
            var members: [Int: Int] = [:]  // (household, year) → people
            for row in extract.personYears where row.household >= 0 { members[Int(row.household) * 10_000 + row.year, default: 0] += 1 }
            for size in members.values { sizes[size, default: 0] += 1 }
            let households = Double(members.count)
            let mean = Double(members.values.reduce(0, +)) / households
            let text = sizes.keys.sorted().map { String(format: "%d: %.3f", $0, Double(sizes[$0]!) / households) }.joined(separator: ", ")
            lines.append(String(format: "household sizes (share of %d household-years; mean %.2f people): %@", members.count, mean, text))
        }
        return lines
    }
}

/// Condition persistence from consecutive years: of the people with a
/// case-year of a condition in year y who are enrolled in y + 1, the share with
/// one again in y + 1. The model carries persistence only through the cohort's
/// disease states (onset, remission, excess mortality), which are province-wide,
/// so this is reported, not set.
struct PersistenceEstimates {
    let extract: CalibrationExtract
    let tally: ExtractTally
    let base: BaseModel
    let minimum: Int

    func observations() -> [String] {
        guard let years = extract.years, years.count > 1 else { return [] }
        let conditions = tally.conditionCount
        // (person, year) → person-year.
        var index: [Int: Int] = [:]
        for (i, row) in extract.personYears.enumerated() { index[Int(row.person) * 10_000 + row.year] = i }
        var cases = [Int](repeating: 0, count: conditions), again = [Int](repeating: 0, count: conditions)
        for key in tally.caseYears.keys {
            let py = key / conditions, c = key % conditions
            let row = extract.personYears[py]
            guard let next = index[Int(row.person) * 10_000 + row.year + 1] else { continue }
            cases[c] += 1
            if tally.caseYears[next * conditions + c] != nil { again[c] += 1 }
        }
        return (0..<conditions).compactMap { c in
            guard cases[c] >= minimum else { return nil }
            let p = Double(again[c]) / Double(cases[c])
            let se = (p * (1 - p) / Double(cases[c])).squareRoot()
            return String(format: "persistence of %@: %d of %d case-years followed by one the next year (%.3f ± %.3f)",
                          base.model.conditions[c].code, again[c], cases[c], p, se)
        }
    }
}
