/// One quantity of the county's overlay: a scalar, a table (by level, age
/// group, …) or a by-year series, with each entry's sampling standard error
/// and observation count, whether it fell back to the base, and the source
/// text the overlay cites.
///
/// **Uncertainty.** The scenario format gives a quantity one relative spread
/// (`uncertainty: {distribution, cv}`, each entry drawn with sd = cv × its
/// value), so a table's cv is the largest relative standard error of its
/// entries (``uncertaintyCV``): no entry is reported narrower than its own
/// sampling error (plus, for yuan, the rounding to the fen); for a beta it is kept below the largest cv a beta of every
/// entry's mean allows.
///
/// **Fallback.** An entry with fewer than ``CalibrationSettings/minimumObservations``
/// observations takes the base value times a pooled adjustment: the ratio of
/// fitted to base over the categories pooled (e.g. observed / expected cases
/// over the condition's age groups, or over every condition of its setting);
/// its standard error is the adjustment's. The source says which entries did.
public struct FittedQuantity: Hashable, Sendable {
    /// How the quantity is written.
    public enum Shape: Hashable, Sendable {
        /// `{value: …}`.
        case scalar
        /// `{KEY: …, KEY: …}` with ``FittedQuantity/keys``.
        case table
        /// `{by_year: {YEAR: …}}` with ``FittedQuantity/keys`` the years.
        case byYear
    }

    /// The uncertainty distribution of the format.
    public enum Distribution: String, Hashable, Sendable {
        /// For probabilities and shares.
        case beta
        /// For rates and counts.
        case gamma
        /// For costs.
        case lognormal
    }

    /// The path inside the county's override, e.g. `inpatient.cost_mean`, `conditions.esrd.annual_probability`.
    public var path: String
    /// Scalar, table or by year.
    public var shape: Shape
    /// Entry keys (table keys or years); `["value"]` for a scalar.
    public var keys: [String]
    /// Fitted values, one per key (yuan amounts are rounded to the fen when written).
    public var values: [Double]
    /// Sampling standard error of each value (of the pooled adjustment for a fallback entry).
    public var standardErrors: [Double]
    /// Observations behind each value (visits, admissions, cases, person-years …).
    public var observations: [Int]
    /// Whether each entry fell back to the base value with a pooled adjustment.
    public var fellBack: [Bool]
    /// The scenario unit (`yuan`, `share`, `per_person_year`, …).
    public var unit: String
    /// The uncertainty distribution, or `nil` for none.
    public var distribution: Distribution?
    /// The source text (`fitted from … (sha256 …, n = …)` and any fallback or test note).
    public var source: String

    /// Creates a quantity.
    public init(path: String, shape: Shape, keys: [String], values: [Double], standardErrors: [Double], observations: [Int],
                fellBack: [Bool], unit: String, distribution: Distribution?, source: String) {
        precondition(keys.count == values.count && values.count == standardErrors.count && values.count == observations.count
                     && values.count == fellBack.count, "one entry per key")
        self.path = path
        self.shape = shape
        self.keys = keys
        self.values = values
        self.standardErrors = standardErrors
        self.observations = observations
        self.fellBack = fellBack
        self.unit = unit
        self.distribution = distribution
        self.source = source
    }

    /// The values as written to the overlay: yuan to the fen, others to 6 significant digits.
    public var writtenValues: [Double] {
        values.map { unit == "yuan" || unit == "yuan_per_person_year" ? ($0 * 100).rounded() / 100 : Self.significant($0) }
    }

    /// The cv of the quantity's `uncertainty:` (see the type's documentation), or `nil` when it has none.
    public var uncertaintyCV: Double? {
        guard distribution != nil else { return nil }
        var cv = 0.0
        // A yuan amount is written to the fen: its rounding (uniform, variance 0.01²/12) adds to the sampling error.
        let rounding = unit == "yuan" || unit == "yuan_per_person_year" ? 0.0001 / 12 : 0
        for (value, se) in zip(values, standardErrors) where value > 0 && se.isFinite && se > 0 {
            cv = max(cv, (se * se + rounding).squareRoot() / value)
        }
        guard cv > 0 else { return nil }
        if distribution == .beta {
            // A beta with mean m needs sd² < m(1 − m): cv < √((1 − m)/m) for every entry strictly inside (0, 1).
            for m in values where m > 0 && m < 1 { cv = min(cv, 0.95 * ((1 - m) / m).squareRoot()) }
        }
        return Self.significant(cv, digits: 3)
    }

    /// The standard deviation the overlay reports for entry `i`: the quantity's cv × the written value.
    public func reportedStandardDeviation(_ i: Int) -> Double {
        guard let cv = uncertaintyCV else { return 0 }
        let value = writtenValues[i]
        if distribution == .beta && (value == 0 || value == 1) { return 0 }
        return cv * value
    }

    static func significant(_ x: Double, digits: Int = 6) -> Double {
        guard x != 0 && x.isFinite else { return x }
        let magnitude = (abs(x)).log10Floor
        let scale = pow10(digits - 1 - magnitude)
        return (x * scale).rounded() / scale
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }
}

extension Double {
    /// ⌊log10 |x|⌋ for x ≠ 0.
    var log10Floor: Int {
        var e = 0
        var v = Swift.abs(self)
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }
}
