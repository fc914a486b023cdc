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
    /// The indicator.
    public var indicator: DerivedIndicator
    /// The target value.
    public var target: Double
    /// How the indicator is compared with the target.
    public var comparator: IndicatorComparator
    /// Unit of the target, e.g. `ratio`, `share`.
    public var unit: String
    /// Where the target comes from.
    public var source: String

    /// Creates a target.
    public init(indicator: DerivedIndicator, target: Double, comparator: IndicatorComparator, unit: String, source: String) {
        self.indicator = indicator
        self.target = target
        self.comparator = comparator
        self.unit = unit
        self.source = source
    }

    /// The indicators a target may be given for (the derived items of the forecast but the threshold).
    public static let indicators: [DerivedIndicator] = DerivedIndicator.allCases.filter { $0 != .catastrophicThreshold }
}

/// An indicator the forecast derives per draw from the ledger items (ratios
/// computed per draw, then summarised). Found by this type, never by name, so a
/// tier whose id equals an indicator's name cannot be reported as it. The raw
/// value is the name in the output's `item` column; the order is the output's.
public enum DerivedIndicator: String, CaseIterable, Hashable, Sendable {
    /// Reimbursed / total cost of referral-compliant admissions (POLICY.md section 4: 90%).
    case compliantInpatientActualRatio = "compliant_inpatient_actual_ratio"
    /// Reimbursed / total cost of in-county admissions (≥ 70%).
    case inCountyInpatientActualRatio = "in_county_inpatient_actual_ratio"
    /// Out-of-pocket / registered poor, yuan.
    case perCapitaOutOfPocket = "per_capita_out_of_pocket"
    /// People with catastrophic spending / registered poor.
    case shareCatastrophic = "share_catastrophic"
    /// People at the income line / registered poor.
    case shareAtIncomeLine = "share_at_income_line"
    /// The year's catastrophic-spending threshold (the scenario's share × the income line), yuan per person.
    case catastrophicThreshold = "catastrophic_threshold"
    /// Households with illness / households.
    case shareHouseholdsWithIllness = "share_households_with_illness"

    /// The name in the output's `item` column.
    public var name: String { rawValue }
}
