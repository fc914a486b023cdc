import Settlement

/// The items of the ledger kept per (draw, year, county), and where each lives
/// in a flat row. Money items are in yuan; count items are people, claims or households.
public struct LedgerLayout: Hashable, Sendable {
    /// Item names in row order (also the `item` column of the output).
    public let names: [String]
    /// Tier ids, in plan order; tier `t`'s payments are item `t`.
    public let tierIDs: [String]
    /// Per-person payment ids.
    public let perPersonIDs: [String]

    /// Creates the layout of a plan.
    public init(tierIDs: [String], perPersonIDs: [String]) {
        self.tierIDs = tierIDs
        self.perPersonIDs = perPersonIDs
        names = tierIDs + Self.fixed + perPersonIDs.map { "per_person_\($0)" }
    }

    /// The fixed items after the tiers.
    public static let fixed = [
        "out_of_pocket", "total_cost", "policy_range_cost", "claims", "people_with_claims", "people_treated_inpatient",
        "registered_poor", "in_poverty", "exited_poverty", "households",
        "provincial_assistance_subsidy", "provincial_backstop_subsidy", "county_backstop_spending", "county_backstop_liability",
        "premium_subsidy_total", "premium_subsidy_province", "premium_subsidy_prefecture", "premium_subsidy_county",
        "family_doctor_total", "family_doctor_public_health", "family_doctor_insurance_fund",
        "family_doctor_province", "family_doctor_prefecture", "family_doctor_county",
        "compliant_inpatient_cost", "compliant_inpatient_reimbursed", "in_county_inpatient_cost", "in_county_inpatient_reimbursed",
        "people_at_income_line", "people_catastrophic",
    ] + claimItems + ["medical_assistance_spending", "medical_assistance_gap", "households_with_illness"]

    /// Items counted claim by claim, for calibration and planners: admissions (inpatient
    /// and major-disease claims; a major-disease year of care such as dialysis counts as
    /// one) in total and by ``FacilityLevel``, and total cost and out-of-pocket by
    /// ``ClaimSetting``. Levels add up to `admissions`, settings to `total_cost` and `out_of_pocket`.
    public static let claimItems: [String] = ["admissions"]
        + FacilityLevel.allCases.map { "admissions_\($0.fileName)" }
        + ClaimSetting.allCases.map { "total_cost_\($0.fileName)" }
        + ClaimSetting.allCases.map { "out_of_pocket_\($0.fileName)" }

    /// What a count item counts.
    public enum CountKind: String, Sendable, Hashable {
        /// Persons (registered poor, people with claims, people at the income line, …).
        case people
        /// Claims (visits and admissions settled).
        case claims
        /// Households.
        case households
    }

    /// Items that are counts rather than money, and what each counts.
    public static let countKinds: [String: CountKind] = [
        "claims": .claims, "people_with_claims": .people, "people_treated_inpatient": .people, "registered_poor": .people,
        "in_poverty": .people, "exited_poverty": .people, "households": .households, "households_with_illness": .households,
        "people_at_income_line": .people, "people_catastrophic": .people, "admissions": .claims,
    ].merging(FacilityLevel.allCases.map { ("admissions_\($0.fileName)", CountKind.claims) }) { a, _ in a }

    /// Items that are counts of people, claims or households rather than money.
    public static var countItems: Set<String> { Set(countKinds.keys) }

    /// What item `i` counts, or `nil` when it is money (kept in fen, reported in yuan).
    public func countKind(_ i: Int) -> CountKind? { Self.countKinds[names[i]] }

    /// Whether item `i` is a count (kept as is) rather than money (kept in fen, reported in yuan).
    public func isCount(_ i: Int) -> Bool { Self.countKinds[names[i]] != nil }

    /// Number of items.
    @inlinable public var count: Int { names.count }
    /// Index of a fixed item by name.
    public func index(_ name: String) -> Int {
        guard let i = names.firstIndex(of: name) else { preconditionFailure("no ledger item \(name)") }
        return i
    }
}

/// Indices of the fixed items, resolved once for the hot loop.
@usableFromInline
struct LedgerSlots: Sendable {
    @usableFromInline let outOfPocket, totalCost, policyRange, claims, peopleWithClaims, peopleTreated: Int
    @usableFromInline let compliantInpatientCost, compliantInpatientReimbursed, inCountyCost, inCountyReimbursed: Int
    @usableFromInline let atIncomeLine, catastrophic: Int
    /// `admissions`, then the first of the per-level admissions (in ``FacilityLevel`` raw-value order).
    @usableFromInline let admissions, admissionsByLevel: Int
    /// `households` and `households_with_illness`.
    @usableFromInline let households, householdsWithIllness: Int
    /// The first of the per-setting total costs and out-of-pockets (in ``ClaimSetting`` raw-value order).
    @usableFromInline let costBySetting, outOfPocketBySetting: Int

    /// The slots of `layout` in a flat ledger whose row of this layout starts at `offset`.
    init(_ layout: LedgerLayout, offset: Int = 0) {
        outOfPocket = offset + layout.index("out_of_pocket")
        totalCost = offset + layout.index("total_cost")
        policyRange = offset + layout.index("policy_range_cost")
        claims = offset + layout.index("claims")
        peopleWithClaims = offset + layout.index("people_with_claims")
        peopleTreated = offset + layout.index("people_treated_inpatient")
        compliantInpatientCost = offset + layout.index("compliant_inpatient_cost")
        compliantInpatientReimbursed = offset + layout.index("compliant_inpatient_reimbursed")
        inCountyCost = offset + layout.index("in_county_inpatient_cost")
        inCountyReimbursed = offset + layout.index("in_county_inpatient_reimbursed")
        atIncomeLine = offset + layout.index("people_at_income_line")
        catastrophic = offset + layout.index("people_catastrophic")
        admissions = offset + layout.index("admissions")
        households = offset + layout.index("households")
        householdsWithIllness = offset + layout.index("households_with_illness")
        admissionsByLevel = offset + layout.index("admissions_\(FacilityLevel.township.fileName)")
        costBySetting = offset + layout.index("total_cost_\(ClaimSetting.generalOutpatient.fileName)")
        outOfPocketBySetting = offset + layout.index("out_of_pocket_\(ClaimSetting.generalOutpatient.fileName)")
    }
}
