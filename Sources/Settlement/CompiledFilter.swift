import PolicyCatalog

/// A claim reduced to the bits the rule filters test, computed once per claim.
@usableFromInline
struct ClaimKey: Sendable {
    @usableFromInline var setting: UInt8
    @usableFromInline var level: UInt8
    @usableFromInline var compliance: UInt8
    @usableFromInline var county: UInt8
    @usableFromInline var poverty: UInt8
    @usableFromInline var welfare: UInt8
    @usableFromInline var diseases: UInt64

    // Always inlined: as a call, the masks array is retained and released on every
    // claim, which was half the settlement hot path (perf, fundsim-bench settlement).
    @inlinable @inline(__always)
    init(_ claim: Claim, diseaseMasks: [UInt64]) {
        setting = 1 &<< UInt8(claim.setting.rawValue)
        level = 1 &<< UInt8(claim.level.rawValue)
        compliance = claim.isCompliant ? 1 : 2
        county = claim.inCounty ? 1 : 2
        poverty = 1 &<< UInt8(claim.povertyStatus.rawValue)
        welfare = 1 &<< UInt8(claim.welfareCategory.rawValue)
        if let d = claim.disease?.position, d < diseaseMasks.count { diseases = diseaseMasks[d] } else { diseases = 0 }
    }
}

/// A ``ClaimFilter`` as bit masks: a claim matches when each of its bits is allowed.
@usableFromInline
struct CompiledFilter: Sendable {
    @usableFromInline var settings: UInt8
    @usableFromInline var levels: UInt8
    @usableFromInline var compliance: UInt8
    @usableFromInline var county: UInt8
    @usableFromInline var poverty: UInt8
    @usableFromInline var welfare: UInt8
    /// Any of these list bits required; 0 means no requirement.
    @usableFromInline var anyDiseases: UInt64
    /// None of these list bits allowed.
    @usableFromInline var noDiseases: UInt64

    @inlinable
    func matches(_ key: ClaimKey) -> Bool {
        (settings & key.setting) != 0 && (levels & key.level) != 0
            && (compliance & key.compliance) != 0 && (county & key.county) != 0
            && (poverty & key.poverty) != 0 && (welfare & key.welfare) != 0
            && (anyDiseases == 0 || (anyDiseases & key.diseases) != 0)
            && (noDiseases & key.diseases) == 0
    }

    init(_ filter: ClaimFilter, listBits: [String: UInt64], path: String) throws(PlanError) {
        func mask<T: RawRepresentable>(_ set: Set<T>?, all: Int) -> UInt8 where T.RawValue == Int {
            guard let set else { return UInt8((1 << all) - 1) }
            return set.reduce(0) { $0 | UInt8(1 << $1.rawValue) }
        }
        func lists(_ names: [String], field: String) throws(PlanError) -> UInt64 {
            var bits: UInt64 = 0
            for name in names {
                guard let bit = listBits[name] else {
                    throw PlanError(path: "\(path).\(field)", message: "unknown disease list '\(name)'; expected a built-in list (\(listBits.keys.sorted().joined(separator: ", "))) or one defined in the scenario's disease_lists")
                }
                bits |= bit
            }
            return bits
        }
        settings = mask(filter.settings, all: ClaimSetting.allCases.count)
        levels = mask(filter.levels, all: FacilityLevel.allCases.count)
        compliance = filter.referralCompliant.map { $0 ? 1 : 2 } ?? 3
        county = filter.inCounty.map { $0 ? 1 : 2 } ?? 3
        poverty = mask(filter.povertyStatuses, all: PovertyStatus.allCases.count)
        welfare = mask(filter.welfareCategories, all: WelfareCategory.allCases.count)
        if let names = filter.diseaseLists {
            anyDiseases = try lists(names, field: "diseases")
            if names.isEmpty { throw PlanError(path: "\(path).diseases", message: "empty list of disease lists; leave the field out to match any disease") }
        } else {
            anyDiseases = 0
        }
        noDiseases = try lists(filter.excludedDiseaseLists, field: "exclude_diseases")
    }
}
