import Foundation
import Settlement
import Simulation

/// The county's population from its roster: the registered poor (the number
/// enrolled in the roster's first year), its age/sex structure and household
/// sizes in that year (``structure()``), and the in-poverty share by year, only
/// when the base has no cohort projection (with one, the cohort derives every
/// county's poverty status from the province's).
struct PopulationEstimates {
    let extract: CalibrationExtract
    let base: BaseModel
    let fit: TableFit

    /// The registered poor: person-years of the roster's first year.
    var registeredPoor: (count: Int, year: Int)? {
        guard let first = extract.years?.lowerBound else { return nil }
        return (extract.personYears.reduce(0) { $0 + ($1.year == first ? 1 : 0) }, first)
    }

    /// The age/sex shares (in the base's age bands) and household sizes of the people
    /// enrolled in the roster's first year, the year ``registeredPoor`` counts: the base-year
    /// structure of the county's population; `nil` without roster rows.
    func structure() -> CalibrationResult.FittedStructure? {
        guard let year = extract.years?.lowerBound else { return nil }
        let bands = base.model.population.ageBandLowerBounds
        var counts = [[Int]](repeating: [Int](repeating: 0, count: bands.count), count: 2)
        var people = 0
        var members: [Int32: Int] = [:]
        for row in extract.personYears where row.year == year {
            let band = bands.lastIndex(where: { $0 <= row.age }) ?? 0
            counts[row.sex.rawValue][band] += 1
            people += 1
            if let household = row.household { members[household, default: 0] += 1 }
        }
        guard people > 0 else { return nil }
        let shares = counts.map { $0.map { Double($0) / Double(people) } }
        var sizes: [Double]?
        var above = 0
        if !members.isEmpty {
            var bySize = [Int](repeating: 0, count: 30)
            for size in members.values {
                if size > 30 { above += 1 }
                bySize[min(size, 30) - 1] += 1
            }
            while bySize.last == 0 { bySize.removeLast() }
            sizes = bySize.map { Double($0) / Double(members.count) }
        }
        return .init(ageSexShares: shares, people: people, year: year, householdSizeShares: sizes, households: members.count,
                     householdsAbove30: above)
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

    /// Observed statistics the model does not take per county (people enrolled and in
    /// poverty by year), as text lines for the overlay's notes.
    func observations() -> [String] {
        var lines: [String] = []
        guard let years = extract.years else { return lines }
        for year in years {
            let rows = extract.personYears.filter { $0.year == year }
            guard !rows.isEmpty else { continue }
            let poor = rows.filter { $0.povertyStatus == .inPoverty }.count
            lines.append(String(format: "%d: %d people enrolled, %.1f%% in poverty (未脱贫)", year, rows.count, 100 * Double(poor) / Double(rows.count)))
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
