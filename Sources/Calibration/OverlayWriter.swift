import Foundation
import Reporting
import Simulation

/// Writes a ``CalibrationResult`` as an overlay scenario (Scenarios/FORMAT.md,
/// "Overlay files"): `extends:` the base, a header of its own, notes with what
/// was observed but is not a county parameter, the county's registered poor
/// by `set:`, and the county's fitted parameters as its block of
/// `simulation.county_overrides` by `replace:`. Every number cites
/// `fitted from FILE (sha256 …, n = …)`; every fitted quantity carries its
/// sampling uncertainty (``FittedQuantity/uncertaintyCV``).
public struct OverlayWriter: Sendable {
    /// The fit.
    public var result: CalibrationResult
    /// What `extends:` names: the base's built-in name or its path relative to the overlay.
    public var extends: String
    /// The base's title (for the overlay's title).
    public var baseTitle: String
    /// Whether the base already has a `simulation.county_overrides` block (the overlay then adds or replaces the county's entry only).
    public var baseHasCountyOverrides: Bool
    /// Whether the base has a cohort projection (for the notes on what is not fitted).
    public var baseHasCohort: Bool
    /// The program version, for the header comment.
    public var programVersion: String

    /// Creates a writer.
    public init(result: CalibrationResult, extends: String, baseTitle: String, baseHasCountyOverrides: Bool, baseHasCohort: Bool,
                programVersion: String) {
        self.result = result
        self.extends = extends
        self.baseTitle = baseTitle
        self.baseHasCountyOverrides = baseHasCountyOverrides
        self.baseHasCohort = baseHasCohort
        self.programVersion = programVersion
    }

    /// The overlay's scenario id: `BASE-COUNTY-fitted`, at most 64 characters.
    public var overlayID: String {
        var id = String("\(result.baseID)-\(result.countyID)-fitted".prefix(64))
        while id.hasSuffix(".") || id.hasSuffix("-") { id.removeLast() }
        return id
    }

    /// The overlay's text.
    public var text: String {
        let r = result
        let years = r.years.lowerBound == r.years.upperBound ? "\(r.years.lowerBound)" : "\(r.years.lowerBound)–\(r.years.upperBound)"
        var out = ""
        out += "# County \(r.countyID) fitted to its own claims and roster by `fundsim calibrate` (fundsim \(programVersion)).\n"
        out += "# Claims: \(r.claimsFile.name) (sha256 \(r.claimsFile.sha256), \(r.claimsFile.rows) claims)\n"
        out += "# Roster: \(r.rosterFile.name) (sha256 \(r.rosterFile.sha256), \(r.rosterFile.rows) person-years), \(years)\n"
        out += "# Costs are in \(r.costBaseYear) prices: each claim's cost × (1 + \(Self.number(r.costGrowth)))^(\(r.costBaseYear) − its year), the base's cost_growth.\n"
        out += "# uncertainty: the sampling standard error of each estimate as cv (a table: its largest entry's).\n"
        out += "# Categories with fewer than \(r.settings.minimumObservations) observations take the base value × a pooled adjustment (each source says so).\n"
        out += "extends: \(Self.quoted(extends))\n"
        out += "scenario: {id: \(overlayID), title: \(Self.quoted("\(baseTitle) — \(r.countyID) fitted to its \(years) claims"))}\n"
        out += "notes: |\n"
        for line in notes { out += line.isEmpty ? "\n" : "  \(line)\n" }
        out += "set:\n"
        out += "  # the people enrolled in \(r.registeredPoor.year) (the roster's first year); the simulation's registered poor of the county\n"
        out += "  \(Self.quoted("simulation.population.counties.\"\(r.countyID)\".registered_poor")): {value: \(r.registeredPoor.count), source: \(Self.quoted("fitted from \(r.rosterFile.baseName) (sha256 \(r.rosterFile.sha256), n = \(r.registeredPoor.count) people enrolled in \(r.registeredPoor.year))"))}\n"
        out += "replace:\n"
        let indent: String
        if baseHasCountyOverrides {
            out += "  \(Self.quoted("simulation.county_overrides.\"\(r.countyID)\"")):\n"
            indent = "    "
        } else {
            out += "  simulation.county_overrides:\n"
            out += "    \(Self.quoted(r.countyID)):\n"
            indent = "      "
        }
        if let g = r.keptCostGrowth {
            var parts = ["value: \(Self.number(g.value))", "unit: \(g.unit)", "source: \(Self.quoted(g.source + " (the base's override of the county, kept: costs were deflated with it)"))"]
            if let u = Self.uncertainty(g.distribution, value: g.value) { parts.append("uncertainty: \(u)") }
            out += "\(indent)cost_growth: {\(parts.joined(separator: ", "))}\n"
        }
        var sections: [String: [FittedQuantity]] = [:]
        var order: [String] = []
        for q in r.quantities {
            let section = String(q.path.prefix { $0 != "." })
            if sections[section] == nil { order.append(section) }
            sections[section, default: []].append(q)
        }
        // The population section: the roster's structure, then any fitted population quantity (in_poverty_share).
        out += "\(indent)population:\n"
        for line in structureLines { out += "\(indent)  \(line)\n" }
        if !order.contains("population") { order.insert("population", at: 0) }
        for section in order {
            if section != "population" { out += "\(indent)\(section):\n" }
            for q in sections[section] ?? [] {
                out += "\(indent)  \(q.path.dropFirst(section.count + 1)): \(Self.flow(q))\n"
            }
        }
        if !r.conditions.isEmpty {
            out += "\(indent)conditions:\n"
            for c in r.conditions {
                out += "\(indent)  - disease: \(c.disease)\n"
                for q in c.quantities {
                    out += "\(indent)    \(q.path.split(separator: ".").last!): \(Self.flow(q))\n"
                }
            }
        }
        return out
    }

    /// `age_sex_shares` and (with households) `household_sizes` of the county's `population:` block,
    /// each a flow mapping citing the roster, with the multinomial uncertainty (``CalibrationResult/FittedStructure``).
    var structureLines: [String] {
        let r = result, st = r.structure
        let roster = "\(r.rosterFile.baseName) (sha256 \(r.rosterFile.sha256)"
        var lines: [String] = []
        let ages = Self.sharesAddingUpToOne(st.ageSexShares.joined().map { $0 })
        let bands = st.ageSexShares[0].count
        let female = ages[0..<bands].joined(separator: ", "), male = ages[bands...].joined(separator: ", ")
        let ageSource = "fitted from \(roster), n = \(st.people) people enrolled in \(st.year)): shares by the base's age bands"
        lines.append("age_sex_shares: {female: [\(female)], male: [\(male)], unit: share, source: \(Self.quoted(ageSource)), "
                     + "uncertainty: {distribution: dirichlet, concentration: \(st.people)}}")
        if let sizes = st.householdSizeShares {
            let written = Self.sharesAddingUpToOne(sizes)
            let entries = written.enumerated().filter { sizes[$0.offset] > 0 }.map { "\($0.offset + 1): \($0.element)" }.joined(separator: ", ")
            var source = "fitted from \(roster), n = \(st.households) households in \(st.year)): share of households by people enrolled"
            if st.householdsAbove30 > 0 { source += "; \(st.householdsAbove30) of more than 30 people counted as 30" }
            lines.append("household_sizes: {shares: {\(entries)}, unit: share, source: \(Self.quoted(source)), "
                         + "uncertainty: {distribution: dirichlet, concentration: \(st.households)}}")
        }
        return lines
    }

    /// Shares written to 6 decimals that add up to 1 as written: the largest takes the rounding.
    static func sharesAddingUpToOne(_ shares: [Double]) -> [String] {
        var micro = shares.map { Int64(($0 * 1_000_000).rounded()) }
        if let largest = micro.indices.max(by: { micro[$0] < micro[$1] }) {
            micro[largest] += 1_000_000 - micro.reduce(0, +)
        }
        return micro.map { m in
            if m == 0 { return "0" }
            if m == 1_000_000 { return "1" }
            var text = String(format: "0.%06lld", m)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
    }

    /// The notes: what was fitted from what, what was observed but not set, what was not estimated and why.
    var notes: [String] {
        let r = result
        var lines = ["County \(r.countyID) of \(r.baseID), fitted by `fundsim calibrate` to \(r.claimsFile.baseName) and \(r.rosterFile.baseName).",
                     "Every number of the county's block cites its data, observations and fallbacks; uncertainty is the sampling error.",
                     "",
                     "Observed, but not a parameter a county can override in this model:"]
        lines += r.observations.map { "- \($0)" }
        lines += ["", "Not estimated, and why:"]
        if baseHasCohort {
            lines.append("- in_poverty_share: the base has a cohort projection, which derives every county's poverty status from the province's.")
        }
        if result.structure.householdSizeShares == nil {
            lines.append("- household sizes: the roster has no household_id; the county keeps the province's.")
        }
        if baseHasCohort {
            lines.append("- age/sex shares are the county's base-year structure: the cohort projection ages it with the province's rates.")
        }
        lines += [
            "- persistence, onset, remission and excess mortality of conditions: the cohort's disease states are province-wide"
                + (r.observations.contains { $0.hasPrefix("persistence") } ? " (observed persistence above)." : "; the roster spans one year, so no persistence was observed."),
            "- sex_factor of conditions: kept from the base (the age-group probabilities are fitted given it).",
            "- cost_growth: one county's years cannot separate price growth from case mix; costs were deflated with the base's.",
            "- mortality, births and exits from poverty: not in a claims extract and roster of given years.",
            "- settlement rules (tiers): the overlay fits utilisation and costs only.",
        ]
        if !r.replacedOverrides.isEmpty {
            lines.append("- the base's own overrides of this county are replaced by this block; those not fitted here revert to the province's: \(r.replacedOverrides.joined(separator: ", ")).")
        }
        if !r.unmapped.isEmpty {
            let text = r.unmapped.prefix(8).map { "\($0.category) (\($0.claims))" }.joined(separator: ", ")
            lines.append("- claims of a setting and disease the model has no condition for, left out: \(text)\(r.unmapped.count > 8 ? ", …" : "").")
        }
        return lines
    }

    /// Writes the overlay atomically (temporary file, then rename).
    public func write(to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }

    /// A quantity as a one-line YAML flow mapping.
    static func flow(_ q: FittedQuantity) -> String {
        let values = q.writtenValues.map { q.unit == "yuan" ? money($0) : number($0) }
        var parts: [String]
        switch q.shape {
        case .scalar: parts = ["value: \(values[0])"]
        case .table: parts = zip(q.keys, values).map { "\($0): \($1)" }
        case .byYear: parts = ["by_year: {" + zip(q.keys, values).map { "\($0): \($1)" }.joined(separator: ", ") + "}"]
        }
        parts.append("unit: \(q.unit)")
        parts.append("source: \(quoted(q.source))")
        if let d = q.distribution, let cv = q.uncertaintyCV {
            parts.append("uncertainty: {distribution: \(d.rawValue), cv: \(number(cv))}")
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A parameter distribution as the format's `uncertainty:` mapping.
    static func uncertainty(_ d: ParameterDistribution?, value: Double) -> String? {
        guard let d, value != 0 else { return nil }
        switch d {
        case .beta(_, let sd): return "{distribution: beta, cv: \(number(sd / value))}"
        case .gamma(_, let sd): return "{distribution: gamma, cv: \(number(sd / value))}"
        case .lognormal(_, let sd): return "{distribution: lognormal, cv: \(number(sd / value))}"
        case .uniform(let low, let high): return "{distribution: uniform, half_width: \(number((high - low) / 2 / value))}"
        }
    }

    /// A YAML double-quoted string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A yuan amount: at most two decimals, no trailing zeros.
    static func money(_ x: Double) -> String {
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Any other number, to 6 significant digits.
    static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        return String(format: "%.6g", x)
    }
}
