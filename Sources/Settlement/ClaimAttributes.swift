/// Where and how care was given (POLICY.md section 3); decides which rules apply.
public enum ClaimSetting: Int, CaseIterable, Hashable, Sendable {
    /// General outpatient visit (普通门诊).
    case generalOutpatient
    /// Outpatient care of one of the 28 diseases (门诊28种).
    case chronicOutpatient
    /// An admission (住院).
    case inpatient
    /// A case of one of the 15 major diseases, paid per case by a fixed fee (按病种付费).
    case majorDisease

    /// The name used in files: `general_outpatient`, `chronic_outpatient`, `inpatient`, `major_disease`.
    public var fileName: String {
        switch self {
        case .generalOutpatient: "general_outpatient"
        case .chronicOutpatient: "chronic_outpatient"
        case .inpatient: "inpatient"
        case .majorDisease: "major_disease"
        }
    }

    /// The setting a file names, or `nil`.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }

    /// Outpatient claims are always referral-compliant (POLICY.md section 4); the flag matters for admissions.
    @inlinable public var isOutpatient: Bool { self == .generalOutpatient || self == .chronicOutpatient }
}

/// The level of the facility that gave care.
public enum FacilityLevel: Int, CaseIterable, Hashable, Sendable {
    /// Township health centre (乡镇卫生院).
    case township
    /// County-level hospital (县级).
    case county
    /// Prefecture or city hospital (州市级).
    case prefecture
    /// Provincial hospital or out of province (省级).
    case provincial

    /// The name used in files.
    public var fileName: String {
        switch self {
        case .township: "township"
        case .county: "county"
        case .prefecture: "prefecture"
        case .provincial: "provincial"
        }
    }

    /// The level a file names, or `nil`.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }
}

/// Whether a registered poor person (建档立卡贫困人口) has exited poverty (已脱贫)
/// or not (未脱贫): the one type of the claims, the settlement filters, the
/// simulation and the cohort projection, whose cells are indexed by the raw value.
/// 健康扶贫 benefits follow the registered poor, so the model tracks who is still
/// in poverty and who has exited; exit is one-way.
public enum PovertyStatus: Int, CaseIterable, Hashable, Sendable {
    /// Still in poverty (未脱贫); receives the poverty-targeted benefits. Index 0.
    case inPoverty = 0
    /// Exited poverty (已脱贫), still registered; does not move back. Index 1.
    case exitedPoverty = 1

    /// The name used in files: `in_poverty`, `exited_poverty`.
    public var fileName: String { self == .inPoverty ? "in_poverty" : "exited_poverty" }

    /// The status a file names, or `nil`.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }
}

/// The welfare category of a person (Qujiang's eligibility depends on it).
public enum WelfareCategory: Int, CaseIterable, Hashable, Sendable {
    /// Registered poor (建档立卡).
    case registeredPoor
    /// Minimum living allowance (低保).
    case minimumLivingAllowance
    /// Extreme-poverty support (特困供养).
    case extremePoverty

    /// The name used in files: `registered_poor`, `minimum_living_allowance`, `extreme_poverty`.
    public var fileName: String {
        switch self {
        case .registeredPoor: "registered_poor"
        case .minimumLivingAllowance: "minimum_living_allowance"
        case .extremePoverty: "extreme_poverty"
        }
    }

    /// The category a file names, or `nil`.
    public init?(fileName: String) {
        guard let match = Self.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = match
    }
}
