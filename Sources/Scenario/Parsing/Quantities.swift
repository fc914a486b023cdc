import Simulation
import Settlement

/// The shapes a number may take in a scenario file; a field accepts some of them.
enum QuantityShape: CaseIterable {
    /// `{value: 300, unit: yuan, source: assumed}`.
    case scalar
    /// `{township: …, county: …, prefecture: …, provincial: …, unit: …, source: …}`.
    case levels
    /// `{by_year: {2017: …, 2018: …}, unit: …, source: …}`.
    case byYear
    /// `{in_poverty: …, exited_poverty: …, unit: …, source: …}`.
    case byStatus
    /// `{children: …, adults: …, elderly: …, unit: …, source: …}` (ages 0–14, 15–59, 60+).
    case ageGroups
    /// `{female: …, male: …, unit: …, source: …}`.
    case sexes
    /// `{registered_poor: …, minimum_living_allowance: …, extreme_poverty: …, unit: …, source: …}`.
    case welfareCategories

    /// The value keys of the shape.
    var keys: [String] {
        switch self {
        case .scalar: ["value"]
        case .levels: FacilityLevel.allCases.map(\.fileName)
        case .byYear: ["by_year"]
        case .byStatus: PovertyStatus.allCases.map(\.fileName)
        case .ageGroups: ["children", "adults", "elderly"]
        case .sexes: Sex.allCases.map(\.fileName)
        case .welfareCategories: WelfareCategory.allCases.map(\.fileName)
        }
    }
}

/// A quantity as written: its value nodes, checked unit and source.
struct Quantity {
    /// The mapping node.
    let at: Located
    /// The shape found.
    let shape: QuantityShape
    /// Value nodes by key (`value`, a level name, a year, a status name), in file order.
    let values: [(key: String, at: Located)]
    /// The source text.
    let source: String
    /// The unit.
    let unit: ParameterUnit
    /// The `uncertainty` mapping, where the field allows one.
    var uncertainty: Located? = nil
}

extension Reader {
    /// Reads a number with its unit and source: checks the shape is one of
    /// `shapes`, that `unit` is present and is `unit`, and that `source` is present.
    func quantity(_ at: Located, unit expected: ParameterUnit, shapes: [QuantityShape],
                  allowUncertainty: Bool = false) throws(ScenarioError) -> Quantity {
        let example = "{\(shapes[0] == .scalar ? "value: …" : shapes[0].keys.map { "\($0): …" }.joined(separator: ", ")), unit: \(expected.rawValue), source: …}"
        guard case .mapping = at.node else {
            throw error(at, "expected a number with its unit and source, e.g. \(example); found \(at.shortText)")
        }
        let allowed = shapes.flatMap(\.keys) + ["unit", "source"] + (allowUncertainty ? ["uncertainty"] : [])
        let f = try fields(at, allowed: allowed)
        let present = shapes.filter { shape in shape.keys.contains { f.has($0) } }
        guard present.count == 1, let shape = present.first else {
            throw error(at, present.isEmpty ? "missing the value; expected \(example)"
                                            : "mixes \(present.map { $0.keys.joined(separator: "/") }.joined(separator: " and ")); give one of them")
        }
        for key in shape.keys where !f.has(key) {
            throw error(at, "missing '\(key)'; a table needs \(shape.keys.joined(separator: ", "))")
        }
        guard let unitAt = f["unit"] else { throw error(at, "missing unit; expected unit: \(expected.rawValue)") }
        let unitText = try text(unitAt)
        guard let unit = ParameterUnit(rawValue: unitText) else {
            throw error(unitAt, "unknown unit '\(unitText)'; expected unit: \(expected.rawValue)")
        }
        guard unit == expected else {
            throw error(unitAt, "unit '\(unitText)' does not fit this field; expected unit: \(expected.rawValue)")
        }
        guard let sourceAt = f["source"] else {
            throw error(at, "missing source; expected source: a seed measure, a statistic, or \"assumed\" (with why in a comment)")
        }
        let source = try self.source(sourceAt)
        var values: [(key: String, at: Located)] = []
        if shape == .byYear {
            let years = try fields(f["by_year"]!, allowed: [], anyKeys: true)
            for entry in years.entries { values.append((entry.key, entry.value)) }
            guard !values.isEmpty else { throw error(f["by_year"]!, "expected at least one year") }
        } else {
            for entry in f.entries where shape.keys.contains(entry.key) { values.append((entry.key, entry.value)) }
        }
        return Quantity(at: at, shape: shape, values: values, source: source, unit: unit, uncertainty: f["uncertainty"])
    }

    /// A ratio in [0, 1], exact to a millionth: the limit is checked on the text
    /// (`0.9000000000001` is refused, not read as 0.9).
    func rate(_ at: Located) throws(ScenarioError) -> Rate {
        let decimal = try decimalNumber(at)
        let value = decimal.double
        guard !decimal.negative || decimal.isZero, value <= 1 else {
            throw error(at, "\(try text(at)) is outside [0, 1]; expected a ratio between 0 and 1")
        }
        guard let ppm = decimal.scaled(by: 6) else {
            throw error(at, "expected a ratio with at most six decimals, found \(at.shortText)")
        }
        guard ppm <= 1_000_000 else { throw error(at, "\(try text(at)) is outside [0, 1]; expected a ratio between 0 and 1") }
        return Rate(ppm: ppm)
    }

    /// A non-negative amount of yuan with at most two decimals (checked on the text).
    func money(_ at: Located) throws(ScenarioError) -> Money {
        let raw = try text(at)
        let decimal = try decimalNumber(at)
        guard !decimal.negative || decimal.isZero, let plain = decimal.plain(), let money = Money(yuanString: plain) else {
            throw error(at, "expected a non-negative amount of yuan with at most two decimals, found '\(raw)'")
        }
        return money
    }

    /// Any finite decimal number, in any YAML 1.2 decimal form (`2.0e-05`, `1e3`, `.5`).
    func number(_ at: Located) throws(ScenarioError) -> Double {
        let value = try decimalNumber(at).double
        guard value.isFinite else { throw error(at, "expected a finite number, found \(at.shortText)") }
        return value
    }

    /// The exact decimal text of a number node.
    func decimalNumber(_ at: Located) throws(ScenarioError) -> DecimalText {
        let raw = try text(at)
        guard let decimal = DecimalText(raw) else {
            throw error(at, "expected a number, found \(at.shortText)")
        }
        guard decimal.double.isFinite else { throw error(at, "expected a finite number, found \(at.shortText)") }
        return decimal
    }

    /// A ratio table by level; a scalar gives the same ratio at every level.
    func rateTable(_ at: Located) throws(ScenarioError) -> LevelValues<Rate> {
        let q = try quantity(at, unit: .ratio, shapes: [.levels, .scalar])
        var rates: [Rate] = []
        for (_, node) in q.values { rates.append(try rate(node)) }
        let table = q.shape == .scalar ? LevelValues(uniform: rates[0]) : try levels(q, rates)
        record(at, value: describe(q, rates.map(\.description)), unit: q.unit, source: q.source)
        return table
    }

    /// A yuan table by level; a scalar gives the same amount at every level.
    func moneyTable(_ at: Located) throws(ScenarioError) -> LevelValues<Money> {
        let q = try quantity(at, unit: .yuan, shapes: [.levels, .scalar])
        var amounts: [Money] = []
        for (_, node) in q.values { amounts.append(try money(node)) }
        let table = q.shape == .scalar ? LevelValues(uniform: amounts[0]) : try levels(q, amounts)
        record(at, value: describe(q, amounts.map(Self.yuanText)), unit: q.unit, source: q.source)
        return table
    }

    /// One ratio.
    func rateScalar(_ at: Located) throws(ScenarioError) -> Rate {
        let q = try quantity(at, unit: .ratio, shapes: [.scalar])
        let value = try rate(q.values[0].at)
        record(at, value: value.description, unit: q.unit, source: q.source)
        return value
    }

    /// One amount in the given money unit.
    func moneyScalar(_ at: Located, unit: ParameterUnit) throws(ScenarioError) -> Money {
        let q = try quantity(at, unit: unit, shapes: [.scalar])
        let value = try money(q.values[0].at)
        record(at, value: Self.yuanText(value), unit: q.unit, source: q.source)
        return value
    }

    /// Amounts by year covering every year of `years`; a scalar applies to every year.
    func moneyByYear(_ at: Located, unit: ParameterUnit, years: ClosedRange<Int>) throws(ScenarioError) -> [Int: Money] {
        let q = try quantity(at, unit: unit, shapes: [.byYear, .scalar])
        let result = try byYear(q, covering: years) { (node, _) throws(ScenarioError) in try money(node) }
        let texts = q.shape == .scalar ? [Self.yuanText(result[years.lowerBound]!)] : q.values.map { Self.yuanText(result[Int($0.key)!]!) }
        record(at, value: describe(q, texts), unit: q.unit, source: q.source)
        return result
    }

    /// The values of a `by_year` or scalar quantity by year, the one reading of
    /// per-year numbers: each `by_year` key must be a year and every year of
    /// `years` must have a value (other years may be given too); a scalar is read
    /// once and applies to every year of `years`. `value` reads a node, with its
    /// year (`nil` for the scalar).
    func byYear<V>(_ q: Quantity, covering years: ClosedRange<Int>,
                   _ value: (Located, Int?) throws(ScenarioError) -> V) throws(ScenarioError) -> [Int: V] {
        var result: [Int: V] = [:]
        if q.shape == .scalar {
            let shared = try value(q.values[0].at, nil)
            for year in years { result[year] = shared }
            return result
        }
        for (key, node) in q.values {
            guard let year = Int(key) else { throw error(node, "'\(key)' is not a year; expected by_year keys like 2017") }
            result[year] = try value(node, year)
        }
        for year in years where result[year] == nil {
            throw error(q.at, "no value for \(year); by_year must cover every year of the horizon \(years.lowerBound)–\(years.upperBound)")
        }
        return result
    }

    /// Ratios by poverty status.
    func statusShares(_ at: Located) throws(ScenarioError) -> PovertyStatusShares {
        let q = try quantity(at, unit: .ratio, shapes: [.byStatus])
        var shares: [String: Rate] = [:]
        for (key, node) in q.values { shares[key] = try rate(node) }
        record(at, value: describe(q, q.values.map { shares[$0.key]!.description }), unit: q.unit, source: q.source)
        return PovertyStatusShares(inPoverty: shares["in_poverty"]!, exitedPoverty: shares["exited_poverty"]!)
    }

    private func levels<V>(_ q: Quantity, _ values: [V]) throws(ScenarioError) -> LevelValues<V> {
        var byKey: [String: V] = [:]
        for (i, entry) in q.values.enumerated() { byKey[entry.key] = values[i] }
        return LevelValues(township: byKey["township"]!, county: byKey["county"]!,
                           prefecture: byKey["prefecture"]!, provincial: byKey["provincial"]!)
    }

    func describe(_ q: Quantity, _ texts: [String]) -> String {
        if q.shape == .scalar { return texts[0] }
        return zip(q.values, texts).map { "\($0.key) \($1)" }.joined(separator: " / ")
    }

    /// Yuan without trailing ".00": `300`, `1234.5`.
    static func yuanText(_ money: Money) -> String {
        let text = money.description
        if text.hasSuffix(".00") { return String(text.dropLast(3)) }
        if text.hasSuffix("0") && text.contains(".") { return String(text.dropLast()) }
        return text
    }
}
