import PolicyCatalog
import Settlement
import Testing

/// Paths the tests need, found from this file so that `swift test` works from any
/// working directory.
enum TestPaths {
    /// `Tests/SettlementTests`.
    static let testsDirectory: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!])
    }()
    /// The package root (two levels above this directory).
    static let repositoryRoot: String = {
        var path = testsDirectory
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()
    /// `Tests/SettlementTests/Cases`.
    static let casesDirectory = testsDirectory + "/Cases"
}

extension Money {
    /// Whole yuan, for readable test code.
    static func yuan(_ value: Int) -> Money { Money(yuan: value) }
}

/// One claim of a person in a year: what a settlement run takes as input.
struct PersonClaim: Hashable, Sendable, CustomStringConvertible {
    var person: String
    var year: Int
    var claim: Claim

    var description: String {
        let c = claim
        return "\(person)/\(year): \(c.setting.fileName) \(c.level.fileName) in_county=\(c.inCounty) compliant=\(c.referralCompliant) disease=\(c.disease.map(String.init(describing:)) ?? "none") total=\(c.totalCost) policy=\(c.policyRangeCost) fee=\(c.consultationFee) \(c.povertyStatus.fileName)"
    }
}

/// Settles claims in the given order, with one fresh ``PersonYearState`` per
/// person and year, as the settlement desk does: the accumulators of one
/// person-year never see another's claims. One engine per year.
func settleInOrder(_ claims: [PersonClaim], engines: [Int: SettlementEngine]) -> [ClaimBreakdown] {
    var states: [String: PersonYearState] = [:]
    return claims.map { item in
        let engine = engines[item.year]!
        let key = "\(item.year)\u{1F}\(item.person)"
        var state = states[key] ?? engine.newPersonYear()
        let breakdown = engine.settle(item.claim, state: &state)
        states[key] = state
        return breakdown
    }
}

/// Whether a claim matches a rule filter, written out again from the meaning of
/// ``ClaimFilter`` (not the engine's compiled masks), so that the property tests
/// can pick "counted" claims without trusting the code under test.
func filterMatches(_ filter: ClaimFilter, _ claim: Claim, plan: SettlementPlan, catalog: DiseaseCatalog = .standard) -> Bool {
    if let s = filter.settings, !s.contains(claim.setting) { return false }
    if let l = filter.levels, !l.contains(claim.level) { return false }
    if let c = filter.referralCompliant, c != claim.isCompliant { return false }
    if let c = filter.inCounty, c != claim.inCounty { return false }
    if let p = filter.povertyStatuses, !p.contains(claim.povertyStatus) { return false }
    if let w = filter.welfareCategories, !w.contains(claim.welfareCategory) { return false }
    let code: String? = claim.disease.flatMap { catalog.contains($0) ? catalog[$0].code : nil }
    func inList(_ name: String) -> Bool {
        guard let code else { return false }
        if let builtIn = DiseaseListSet(name: name) { return catalog[code]!.lists.contains(builtIn) }
        return plan.diseaseLists[name]?.contains(code) ?? false
    }
    if let lists = filter.diseaseLists, !lists.contains(where: inList) { return false }
    if filter.excludedDiseaseLists.contains(where: inList) { return false }
    return true
}
