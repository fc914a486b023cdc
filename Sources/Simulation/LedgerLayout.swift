import Settlement

/// An item of the ledger that every plan has (as opposed to a tier's payments or a
/// per-person payment): the code books and reads items by this type, never by name,
/// so a tier whose id equals an item's name cannot be booked or read as that item.
/// The raw value is the item's name in the output's `item` column.
public enum LedgerItem: String, CaseIterable, Hashable, Sendable {
    case outOfPocket = "out_of_pocket", totalCost = "total_cost", policyRangeCost = "policy_range_cost", claims
    case peopleWithClaims = "people_with_claims", peopleTreatedInpatient = "people_treated_inpatient"
    case registeredPoor = "registered_poor", inPoverty = "in_poverty", exitedPoverty = "exited_poverty", households
    case provincialAssistanceSubsidy = "provincial_assistance_subsidy", provincialBackstopSubsidy = "provincial_backstop_subsidy"
    case countyBackstopSpending = "county_backstop_spending", countyBackstopLiability = "county_backstop_liability"
    case premiumSubsidyTotal = "premium_subsidy_total", premiumSubsidyProvince = "premium_subsidy_province"
    case premiumSubsidyPrefecture = "premium_subsidy_prefecture", premiumSubsidyCounty = "premium_subsidy_county"
    case familyDoctorTotal = "family_doctor_total", familyDoctorPublicHealth = "family_doctor_public_health"
    case familyDoctorInsuranceFund = "family_doctor_insurance_fund", familyDoctorProvince = "family_doctor_province"
    case familyDoctorPrefecture = "family_doctor_prefecture", familyDoctorCounty = "family_doctor_county"
    case compliantInpatientCost = "compliant_inpatient_cost", compliantInpatientReimbursed = "compliant_inpatient_reimbursed"
    case inCountyInpatientCost = "in_county_inpatient_cost", inCountyInpatientReimbursed = "in_county_inpatient_reimbursed"
    case peopleAtIncomeLine = "people_at_income_line", peopleCatastrophic = "people_catastrophic"
    /// Admissions (inpatient and major-disease claims); in the layout it is followed by the
    /// admissions by ``FacilityLevel`` and the total cost and out-of-pocket by ``ClaimSetting``.
    case admissions
    case medicalAssistanceSpending = "medical_assistance_spending", medicalAssistanceGap = "medical_assistance_gap"
    case householdsWithIllness = "households_with_illness"

    /// The name in the output's `item` column.
    public var name: String { rawValue }

    /// What the item counts, or `nil` when it is money.
    public var countKind: LedgerLayout.CountKind? {
        switch self {
        case .claims, .admissions: .claims
        case .peopleWithClaims, .peopleTreatedInpatient, .registeredPoor, .inPoverty, .exitedPoverty,
             .peopleAtIncomeLine, .peopleCatastrophic: .people
        case .households, .householdsWithIllness: .households
        default: nil
        }
    }
}

/// The items of the ledger kept per (draw, year, county), and where each lives
/// in a flat row: the tiers' payments (tier `t` is item `t`), the ``LedgerItem``s
/// with the claim items by level and setting, then the per-person payments.
/// Money items are in yuan; count items are people, claims or households.
/// Items are found by position and type; the names are only for output.
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
        names = tierIDs + Self.fixed + perPersonIDs.map { Self.perPersonName($0) }
    }

    /// The output name of the per-person payment `id`.
    public static func perPersonName(_ id: String) -> String { "per_person_\(id)" }

    /// The names of the items after the tiers, in row order: every ``LedgerItem``, with
    /// ``claimItems`` in place of ``LedgerItem/admissions``.
    public static let fixed: [String] = LedgerItem.allCases.flatMap { $0 == .admissions ? claimItems : [$0.name] }

    /// What each of ``fixed`` counts (`nil`: money).
    static let fixedCountKinds: [CountKind?] = LedgerItem.allCases.flatMap { item -> [CountKind?] in
        item == .admissions ? [.claims] + FacilityLevel.allCases.map { _ in .claims } + ClaimSetting.allCases.flatMap { _ in [nil, nil] }
                            : [item.countKind]
    }

    /// The offset of each ``LedgerItem`` within ``fixed``.
    static let fixedOffsets: [LedgerItem: Int] = Dictionary(uniqueKeysWithValues: LedgerItem.allCases.map { ($0, fixed.firstIndex(of: $0.name)!) })

    /// Items counted claim by claim, for calibration and planners: admissions (inpatient
    /// and major-disease claims; a major-disease year of care such as dialysis counts as
    /// one) in total and by ``FacilityLevel``, and total cost and out-of-pocket by
    /// ``ClaimSetting``. Levels add up to `admissions`, settings to `total_cost` and `out_of_pocket`.
    public static let claimItems: [String] = [LedgerItem.admissions.name]
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

    /// What item `i` counts, or `nil` when it is money (kept in fen, reported in yuan).
    public func countKind(_ i: Int) -> CountKind? {
        let f = i - tierIDs.count
        return f >= 0 && f < Self.fixed.count ? Self.fixedCountKinds[f] : nil
    }

    /// Whether item `i` is a count (kept as is) rather than money (kept in fen, reported in yuan).
    public func isCount(_ i: Int) -> Bool { countKind(i) != nil }

    /// Number of items.
    @inlinable public var count: Int { names.count }
    /// Index of an item every plan has.
    public func index(_ item: LedgerItem) -> Int { tierIDs.count + Self.fixedOffsets[item]! }
    /// Index of the admissions at a facility level.
    public func index(admissionsAt level: FacilityLevel) -> Int { index(.admissions) + 1 + level.rawValue }
    /// Index of the total cost of the claims in a setting.
    public func index(totalCostIn setting: ClaimSetting) -> Int { index(.admissions) + 1 + FacilityLevel.allCases.count + setting.rawValue }
    /// Index of the out-of-pocket of the claims in a setting.
    public func index(outOfPocketIn setting: ClaimSetting) -> Int { index(totalCostIn: setting) + ClaimSetting.allCases.count }
    /// Index of per-person payment `p` (in ``perPersonIDs`` order).
    public func index(perPerson p: Int) -> Int { tierIDs.count + Self.fixed.count + p }
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
        outOfPocket = offset + layout.index(.outOfPocket)
        totalCost = offset + layout.index(.totalCost)
        policyRange = offset + layout.index(.policyRangeCost)
        claims = offset + layout.index(.claims)
        peopleWithClaims = offset + layout.index(.peopleWithClaims)
        peopleTreated = offset + layout.index(.peopleTreatedInpatient)
        compliantInpatientCost = offset + layout.index(.compliantInpatientCost)
        compliantInpatientReimbursed = offset + layout.index(.compliantInpatientReimbursed)
        inCountyCost = offset + layout.index(.inCountyInpatientCost)
        inCountyReimbursed = offset + layout.index(.inCountyInpatientReimbursed)
        atIncomeLine = offset + layout.index(.peopleAtIncomeLine)
        catastrophic = offset + layout.index(.peopleCatastrophic)
        admissions = offset + layout.index(.admissions)
        households = offset + layout.index(.households)
        householdsWithIllness = offset + layout.index(.householdsWithIllness)
        admissionsByLevel = offset + layout.index(admissionsAt: .township)
        costBySetting = offset + layout.index(totalCostIn: .generalOutpatient)
        outOfPocketBySetting = offset + layout.index(outOfPocketIn: .generalOutpatient)
    }
}
