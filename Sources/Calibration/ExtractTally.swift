import PolicyCatalog
import Settlement
import Simulation

/// One pass over the extract: the sums every estimator needs, with costs in
/// the base year's prices (each claim's cost times ``BaseModel/deflator(year:)``
/// of its year).
///
/// Claims are sorted into the model's categories: a general-outpatient claim is
/// one visit; a claim whose (setting, disease) is a condition of the model is a
/// case of that condition (a person-year's claims of one condition add up to one
/// case-year, as the model draws at most one a year); any other inpatient claim
/// is an admission; the rest (a chronic-outpatient or major-disease claim of a
/// disease the model has no such condition for) is counted as unmapped.
struct ExtractTally {
    /// Person-years by age group × sex (index `group * 2 + sex`).
    var personYears = [Int](repeating: 0, count: 6)
    /// Each roster person-year's age group.
    var groupOf: [Int] = []

    // General outpatient.
    /// Visits per person-year.
    var visits: [Int32] = []
    var visitCost = Moments()
    var visitFee = Moments()
    /// Policy-range / total cost over visits.
    var visitPolicyShare = RatioSums()

    // Admissions not tied to a condition.
    var admissions: [Int32] = []
    var admissionCosts: [[Double]] = Array(repeating: [], count: 4)
    var admissionPolicyShare: [RatioSums] = Array(repeating: RatioSums(), count: 4)
    var admissionInCounty = [Int](repeating: 0, count: 4)
    var compliantInCounty = 0, inCountyAdmissions = 0
    var compliantOutOfCounty = 0, outOfCountyAdmissions = 0

    // Conditions: one case-year per (person-year, condition).
    struct CaseYear {
        var cost = 0.0
        var total = 0.0
        var policy = 0.0
    }
    var caseYears: [Int: CaseYear] = [:]
    /// Unmapped claims by "setting disease".
    var unmapped: [String: Int] = [:]
    var conditionCount = 0

    init(extract: CalibrationExtract, base: BaseModel) {
        let model = base.model
        conditionCount = model.conditions.count
        var conditionOf: [Int: Int] = [:]  // disease × 4 + setting → condition
        for (i, c) in model.conditions.enumerated() { conditionOf[c.disease.position * 4 + c.setting.rawValue] = i }
        groupOf = extract.personYears.map { row in row.age >= 60 ? 2 : (row.age >= 15 ? 1 : 0) }
        for (i, row) in extract.personYears.enumerated() { personYears[groupOf[i] * 2 + row.sex.rawValue] += 1 }
        visits = Array(repeating: 0, count: extract.personYears.count)
        admissions = visits
        var deflators: [Int: Double] = [:]
        for row in extract.personYears where deflators[row.year] == nil { deflators[row.year] = base.deflator(year: row.year) }
        for claim in extract.claims {
            let py = Int(claim.personYear)
            let deflator = deflators[extract.personYears[py].year]!
            let total = claim.totalCost.yuan
            let cost = total * deflator
            let policy = claim.policyRangeCost.yuan
            if claim.setting == .generalOutpatient {
                visits[py] += 1
                visitCost.add(cost)
                visitFee.add(claim.consultationFee.yuan * deflator)
                visitPolicyShare.add(policy, total)
                continue
            }
            if let d = claim.disease, let c = conditionOf[d.position * 4 + claim.setting.rawValue] {
                caseYears[py * conditionCount + c, default: CaseYear()].cost += cost
                caseYears[py * conditionCount + c]!.total += total
                caseYears[py * conditionCount + c]!.policy += policy
                continue
            }
            if claim.setting == .inpatient {
                let l = claim.level.rawValue
                admissions[py] += 1
                admissionCosts[l].append(cost)
                admissionPolicyShare[l].add(policy, total)
                if claim.inCounty {
                    admissionInCounty[l] += 1
                    inCountyAdmissions += 1
                    if claim.referralCompliant { compliantInCounty += 1 }
                } else {
                    outOfCountyAdmissions += 1
                    if claim.referralCompliant { compliantOutOfCounty += 1 }
                }
                continue
            }
            let code = claim.disease.map { DiseaseCatalog.standard[$0].code } ?? "(none)"
            unmapped["\(claim.setting.fileName) \(code)", default: 0] += 1
        }
    }

    /// Person-years of age group `g` (both sexes).
    func personYears(group g: Int) -> Int { personYears[g * 2] + personYears[g * 2 + 1] }

    /// Admissions by level.
    var admissionsByLevel: [Int] { admissionCosts.map(\.count) }
}

