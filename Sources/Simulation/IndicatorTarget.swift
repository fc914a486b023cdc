/// How an indicator's value is compared with its target.
public enum IndicatorComparator: String, CaseIterable, Hashable, Sendable {
    /// The indicator meets the target when at least the target (e.g. an actual reimbursement ratio ≥ 0.90).
    case atLeast = ">="
    /// The indicator meets the target when at most the target.
    case atMost = "<="

    /// Whether `value` meets `target`.
    public func holds(_ value: Double, _ target: Double) -> Bool {
        self == .atLeast ? value >= target : value <= target
    }
}

/// A performance target the policy names for an indicator of the forecast
/// (POLICY.md section 4: compliant inpatient actual ratio 90%, in-county actual
/// ratio ≥ 70%): reported next to the indicator in `indicators.csv`, never forced.
/// A scenario parameter (`simulation.indicator_targets`), with its source.
public struct IndicatorTarget: Hashable, Sendable {
    /// The indicator, one of ``IndicatorTarget/indicators``.
    public var indicator: String
    /// The target value.
    public var target: Double
    /// How the indicator is compared with the target.
    public var comparator: IndicatorComparator
    /// Unit of the target, e.g. `ratio`, `share`.
    public var unit: String
    /// Where the target comes from.
    public var source: String

    /// Creates a target.
    public init(indicator: String, target: Double, comparator: IndicatorComparator, unit: String, source: String) {
        self.indicator = indicator
        self.target = target
        self.comparator = comparator
        self.unit = unit
        self.source = source
    }

    /// The indicators a target may be given for (the derived items of the forecast).
    public static let indicators = [
        "compliant_inpatient_actual_ratio", "in_county_inpatient_actual_ratio", "per_capita_out_of_pocket",
        "share_catastrophic", "share_at_income_line", "share_households_with_illness",
    ]
}
