import PolicyCatalog
import Settlement
import Cohort

/// A county's claims extract and roster, read and cross-checked: the data
/// `fundsim calibrate` fits the model to, and that fit reports compare with.
///
/// The roster (one row per enrolled person-year: `person_id, age, sex,
/// poverty_status, year`, optional `household_id`) is the denominator: people
/// without claims are in it only. The extract is the claims-file contract of
/// POLICY.md section 10 plus `age`, `sex` and `year` (optional `household_id`,
/// optional recorded tier payments in columns named by the scenario's tier ids).
/// Every claim belongs to a roster person-year (``ClaimRecord/personYear``).
///
/// Indices are stable: ``personYears`` in roster order, ``claims`` in file
/// order, ``persons`` in order of first appearance in the roster.
public struct CalibrationExtract: Sendable {
    /// One roster row: a person enrolled in a year.
    public struct PersonYear: Hashable, Sendable {
        /// Index into ``CalibrationExtract/persons``.
        public var person: Int32
        /// The calendar year.
        public var year: Int
        /// Age in whole years (0–120).
        public var age: Int
        /// Sex.
        public var sex: Sex
        /// Poverty status (未脱贫 / 已脱贫) of the year.
        public var povertyStatus: PovertyStatus
        /// Index into ``CalibrationExtract/households``, `nil` when the roster has no `household_id`.
        public var household: Int32?
        /// The 1-based line of the roster row.
        public var line: Int

        /// Creates a person-year.
        public init(person: Int32, year: Int, age: Int, sex: Sex, povertyStatus: PovertyStatus, household: Int32?, line: Int) {
            self.person = person
            self.year = year
            self.age = age
            self.sex = sex
            self.povertyStatus = povertyStatus
            self.household = household
            self.line = line
        }
    }

    /// One claim of the extract.
    public struct ClaimRecord: Hashable, Sendable {
        /// Index into ``CalibrationExtract/personYears``: the claimant's roster row of the claim's year.
        public var personYear: Int32
        /// The 1-based line of the claim in the extract.
        public var line: Int
        /// Setting (普通门诊, 门诊慢特病, 住院, 大病).
        public var setting: ClaimSetting
        /// Facility level.
        public var level: FacilityLevel
        /// Whether the facility is in the person's county.
        public var inCounty: Bool
        /// Whether the claim followed the referral rules (符合转诊转院规范).
        public var referralCompliant: Bool
        /// Catalog index of the disease (`DiseaseCatalog.standard`), `nil` when empty.
        public var disease: DiseaseIndex?
        /// The whole bill.
        public var totalCost: Money
        /// Its policy-range part (政策范围内).
        public var policyRangeCost: Money
        /// The general consultation fee (一般诊疗费) part; zero when absent.
        public var consultationFee: Money

        /// Creates a claim.
        public init(personYear: Int32, line: Int, setting: ClaimSetting, level: FacilityLevel, inCounty: Bool, referralCompliant: Bool,
                    disease: DiseaseIndex?, totalCost: Money, policyRangeCost: Money, consultationFee: Money) {
            self.personYear = personYear
            self.line = line
            self.setting = setting
            self.level = level
            self.inCounty = inCounty
            self.referralCompliant = referralCompliant
            self.disease = disease
            self.totalCost = totalCost
            self.policyRangeCost = policyRangeCost
            self.consultationFee = consultationFee
        }
    }

    /// The claims extract as read.
    public var claimsFile: CitedFile
    /// The roster as read.
    public var rosterFile: CitedFile
    /// Person ids, in order of first appearance in the roster.
    public var persons: [String]
    /// Household ids, in order of first appearance in the roster (empty when the roster has no `household_id`).
    public var households: [String]
    /// The roster's person-years, in roster order.
    public var personYears: [PersonYear]
    /// The claims, in file order.
    public var claims: [ClaimRecord]
    /// The scenario's tier ids that had a column in the extract, in settlement order.
    public var recordedTierIDs: [String]
    /// The recorded payments: `claims.count × recordedTierIDs.count`, claim-major
    /// (see ``recordedPayment(claim:tier:)``). Empty when no tier was recorded.
    public var recordedPayments: [Money]
    /// Whether the extract has a `consultation_fee` column (without one every fee reads as zero).
    public var hasConsultationFees: Bool

    /// Creates an extract from its parts (the readers do this; tests may too).
    public init(claimsFile: CitedFile, rosterFile: CitedFile, persons: [String], households: [String], personYears: [PersonYear],
                claims: [ClaimRecord], recordedTierIDs: [String] = [], recordedPayments: [Money] = [], hasConsultationFees: Bool = true) {
        precondition(recordedPayments.count == claims.count * recordedTierIDs.count, "one recorded payment per claim and tier")
        self.claimsFile = claimsFile
        self.rosterFile = rosterFile
        self.persons = persons
        self.households = households
        self.personYears = personYears
        self.claims = claims
        self.recordedTierIDs = recordedTierIDs
        self.recordedPayments = recordedPayments
        self.hasConsultationFees = hasConsultationFees
    }

    /// The recorded payment of tier `tier` (an index into ``recordedTierIDs``) on claim `claim`.
    public func recordedPayment(claim: Int, tier: Int) -> Money {
        recordedPayments[claim * recordedTierIDs.count + tier]
    }

    /// The years the roster covers (first to last), or `nil` for an empty roster.
    public var years: ClosedRange<Int>? {
        guard let first = personYears.first else { return nil }
        var low = first.year, high = first.year
        for row in personYears { low = min(low, row.year); high = max(high, row.year) }
        return low...high
    }

    /// The indices of the person-years of `year`, in roster order.
    public func personYears(in year: Int) -> [Int] {
        personYears.indices.filter { personYears[$0].year == year }
    }

    /// Per-person annual totals of the claims (one entry per roster person-year,
    /// in roster order, zero for people without claims): the observed side of any
    /// per-person statistic (annual cost quantiles, share admitted, top-1% share,
    /// out-of-pocket when payments are recorded).
    public func personYearTotals() -> [PersonYearTotals] {
        let tiers = recordedTierIDs.count
        var totals = personYears.indices.map { PersonYearTotals(personYear: $0, recordedTiers: tiers) }
        for (c, claim) in claims.enumerated() {
            let i = Int(claim.personYear)
            totals[i].add(claim)
            for t in 0..<tiers { totals[i].recordedPayments[t] = totals[i].recordedPayments[t] + recordedPayments[c * tiers + t] }
        }
        return totals
    }
}

/// One roster person-year's claims added up (``CalibrationExtract/personYearTotals()``).
public struct PersonYearTotals: Hashable, Sendable {
    /// Index into ``CalibrationExtract/personYears``.
    public var personYear: Int
    /// Total cost of the year's claims.
    public var totalCost: Money = .zero
    /// Policy-range cost of the year's claims.
    public var policyRangeCost: Money = .zero
    /// Total cost by setting (index: `ClaimSetting.rawValue`).
    public var costBySetting: [Money] = Array(repeating: .zero, count: ClaimSetting.allCases.count)
    /// Number of claims by setting (index: `ClaimSetting.rawValue`); a general-outpatient claim is one visit.
    public var claimsBySetting: [Int] = Array(repeating: 0, count: ClaimSetting.allCases.count)
    /// Admissions (inpatient and major-disease claims) by facility level (index: `FacilityLevel.rawValue`).
    public var admissionsByLevel: [Int] = Array(repeating: 0, count: FacilityLevel.allCases.count)
    /// Recorded payments by tier (index into ``CalibrationExtract/recordedTierIDs``); empty when none recorded.
    public var recordedPayments: [Money]

    /// Creates an empty total.
    public init(personYear: Int, recordedTiers: Int) {
        self.personYear = personYear
        recordedPayments = Array(repeating: .zero, count: recordedTiers)
    }

    /// Admissions of the year (inpatient and major-disease claims).
    public var admissions: Int { admissionsByLevel.reduce(0, +) }

    /// Whether the person had an admission (inpatient or major-disease claim) in the year.
    public var wasAdmitted: Bool { admissions > 0 }

    /// What the recorded tiers paid in all.
    public var recordedPaid: Money { recordedPayments.reduce(Money.zero, +) }

    /// Out-of-pocket implied by the recorded payments (total cost − all recorded tiers);
    /// meaningful only when every tier of the scenario was recorded.
    public var recordedOutOfPocket: Money { totalCost - recordedPaid }

    mutating func add(_ claim: CalibrationExtract.ClaimRecord) {
        totalCost = totalCost + claim.totalCost
        policyRangeCost = policyRangeCost + claim.policyRangeCost
        let s = claim.setting.rawValue
        costBySetting[s] = costBySetting[s] + claim.totalCost
        claimsBySetting[s] += 1
        if claim.setting == .inpatient || claim.setting == .majorDisease { admissionsByLevel[claim.level.rawValue] += 1 }
    }
}
