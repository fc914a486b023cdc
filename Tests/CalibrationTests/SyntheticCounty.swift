import Foundation
import PolicyCatalog
import Settlement
@testable import Calibration
import RandomStreams
import Cohort

/// A county simulated from known parameters by a generator written here,
/// independent of `fundsim run`'s sampler (its own SplitMix64 stream and
/// samplers): the truth the recovery test fits back.
struct SyntheticCounty {
    /// The true parameters, by the overlay's county-relative path and entry key ("value" for a scalar).
    static let truth: [String: [String: Double]] = [
        "general_outpatient.visits_per_year": ["children": 3.5, "adults": 4.2, "elderly": 7.0],
        "general_outpatient.cost_per_visit": ["value": 70],
        "general_outpatient.cost_cv": ["value": 0.8],
        "general_outpatient.consultation_fee_per_visit": ["value": 6.5],
        "general_outpatient.policy_range_share": ["value": 0.88],
        "inpatient.admissions_per_year": ["children": 0.10, "adults": 0.16, "elderly": 0.40],
        "inpatient.level_weights": ["township": 0.4, "county": 0.4, "prefecture": 0.15, "provincial": 0.05],
        "inpatient.cost_mean": ["township": 1500, "county": 5000, "prefecture": 9000, "provincial": 14000],
        "inpatient.cost_cv": ["township": 0.6, "county": 0.9, "prefecture": 1.0, "provincial": 1.1],
        "inpatient.policy_range_share": ["township": 0.92, "county": 0.87, "prefecture": 0.82, "provincial": 0.78],
        "inpatient.in_county_probability": ["township": 1, "county": 0.95, "prefecture": 0.1, "provincial": 0],
        "inpatient.compliant_in_county": ["value": 0.93],
        "inpatient.compliant_out_of_county": ["value": 0.8],
    ]

    /// A condition's truth: probability by age group (relative to the sex factor and, for a linked one, the
    /// base's state prevalence, as the model defines it), cost mean and cv (cv 0: a fixed fee), policy share.
    struct Condition {
        var code: String
        var setting: ClaimSetting
        var level: FacilityLevel
        var probability: [Double]
        var sexFactor: [Double] = [1, 1]
        /// The base's stock prevalence by age group for a condition linked to a cohort state (else 1).
        var link: [Double] = [1, 1, 1]
        var costMean: Double
        var costCV: Double
        var policyShare: Double
    }

    /// yunnan-2017's `chronic` state base prevalence (children, adults, elderly) and sle's sex factor.
    static let conditions: [Condition] = [
        Condition(code: "hypertension", setting: .chronicOutpatient, level: .county, probability: [0, 0.6, 0.45],
                  link: [0, 0.084, 0.308], costMean: 1000, costCV: 0.7, policyShare: 0.9),
        Condition(code: "active_tb", setting: .chronicOutpatient, level: .county, probability: [0.005, 0.02, 0.03], costMean: 2500, costCV: 0.6, policyShare: 0.9),
        Condition(code: "schizophrenia", setting: .chronicOutpatient, level: .county, probability: [0, 0.02, 0.02], costMean: 3000, costCV: 0.7, policyShare: 0.85),
        Condition(code: "sle", setting: .chronicOutpatient, level: .county, probability: [0.001, 0.02, 0.01], sexFactor: [1.8, 0.2],
                  costMean: 4500, costCV: 0.8, policyShare: 0.85),
        Condition(code: "severe_mental_illness", setting: .majorDisease, level: .county, probability: [0, 0.02, 0.02], costMean: 11000, costCV: 0, policyShare: 1),
        Condition(code: "cataract", setting: .inpatient, level: .county, probability: [0, 0.005, 0.05], costMean: 3200, costCV: 0.3, policyShare: 0.9),
    ]

    /// The base's other conditions (those not in ``conditions``) at the base's own values for `county`:
    /// the probability by age group times, for a condition linked to a cohort state, the state's base
    /// prevalence (`stock`) or onset rate (`onset`), as the model defines it. An extract generated with
    /// them has every condition the model has, so no condition falls back to a prior the truth contradicts.
    static func baseConditions(_ base: BaseModel) -> [Condition] {
        let model = base.model
        let known = Set(conditions.map(\.code))
        return model.conditions.filter { !known.contains($0.code) }.map { c in
            var link: [Double] = [1, 1, 1]
            if let l = c.link, let state = model.cohort?.diseaseStates[l.state - 1] {
                link = l.basis == .stock ? state.basePrevalence : state.onset
            }
            return Condition(code: c.code, setting: c.setting, level: c.level, probability: base.values(c.annualProbability),
                             sexFactor: base.values(c.sexFactor), link: link, costMean: base.value(c.costMean),
                             costCV: base.value(c.costCV), policyShare: base.value(c.policyRangeShare))
        }
    }

    /// The truth of every entry, conditions included.
    static var allTruth: [String: [String: Double]] {
        var all = truth
        for c in conditions {
            all["conditions.\(c.code).annual_probability"] = ["children": c.probability[0], "adults": c.probability[1], "elderly": c.probability[2]]
            all["conditions.\(c.code).cost_mean"] = ["value": c.costMean]
            if c.costCV > 0 { all["conditions.\(c.code).cost_cv"] = ["value": c.costCV] }
            all["conditions.\(c.code).policy_range_share"] = ["value": c.policyShare]
        }
        return all
    }

    /// A ``SplitMix64`` stream per (seed, replicate), with the draws the county needs.
    struct Stream {
        var bits: SplitMix64
        init(seed: UInt64, replicate: UInt64) { bits = SplitMix64(seed: seed &* SplitMix64.increment ^ replicate &* 0xD1B5_4A32_D192_ED03) }
        mutating func next() -> UInt64 { bits.next() }
        /// Uniform in (0, 1).
        mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
        mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        mutating func poisson(_ lambda: Double) -> Int {
            let limit = exp(-lambda)
            var k = 0, p = uniform()
            while p > limit { k += 1; p *= uniform() }
            return k
        }
        mutating func lognormal(mean: Double, cv: Double) -> Double {
            let s2 = log(1 + cv * cv)
            return exp(log(mean) - s2 / 2 + s2.squareRoot() * normal())
        }
        /// Gamma(shape k, scale θ), Marsaglia–Tsang (k ≥ 1).
        mutating func gamma(mean: Double, cv: Double) -> Double {
            let k = 1 / (cv * cv), theta = mean * cv * cv
            let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
            while true {
                let x = normal()
                let v = pow(1 + c * x, 3)
                guard v > 0 else { continue }
                if log(uniform()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v * theta }
            }
        }
        mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
    }

    /// Simulates `people` people of one year, each in poverty with probability `inPovertyShare`: ages uniform 0–89 (or, with `elderlyShare`, 60–89 with that
    /// probability and 0–59 otherwise), sexes even, the truth's care and costs. With `householdSizes`
    /// (entry k: the share of households of size k + 1) consecutive people form households of sizes drawn
    /// from it (the last takes the remainder), written as `household_id`. `otherConditions` are generated
    /// after ``conditions`` (e.g. ``baseConditions(_:)``).
    static func extract(people: Int, seed: UInt64, replicate: UInt64, year: Int = 2018, elderlyShare: Double? = nil,
                        householdSizes: [Double]? = nil, inPovertyShare: Double = 0.7, otherConditions: [Condition] = []) -> CalibrationExtract {
        var rng = Stream(seed: seed, replicate: replicate)
        var householdOf = [Int32?](repeating: nil, count: people)
        var households: [String] = []
        if let sizes = householdSizes {
            var p = 0
            while p < people {
                let u = rng.uniform()
                var k = 0, cumulative = sizes[0]
                while k < sizes.count - 1 && u >= cumulative { k += 1; cumulative += sizes[k] }
                for q in p..<min(people, p + k + 1) { householdOf[q] = Int32(households.count) }
                households.append("H\(households.count)")
                p += k + 1
            }
        }
        let catalog = DiseaseCatalog.standard
        var personYears: [CalibrationExtract.PersonYear] = []
        var claims: [CalibrationExtract.ClaimRecord] = []
        let t = truth
        func money(_ yuan: Double) -> Money { Money(fen: Int64((yuan * 100).rounded())) }
        func claim(_ py: Int, _ setting: ClaimSetting, _ level: FacilityLevel, inCounty: Bool = true, compliant: Bool = true,
                   disease: String? = nil, cost: Double, share: Double, fee: Double = 0) {
            let total = money(cost)
            let policy = Money(fen: min(total.fen, money(cost * share).fen))
            claims.append(.init(personYear: Int32(py), line: claims.count + 2, setting: setting, level: level, inCounty: inCounty,
                                referralCompliant: compliant, disease: disease.map { catalog.diseaseIndex(of: $0)! },
                                totalCost: total, policyRangeCost: policy, consultationFee: Money(fen: min(policy.fen, money(fee).fen))))
        }
        let groups = ["children", "adults", "elderly"], levels: [FacilityLevel] = [.township, .county, .prefecture, .provincial]
        for p in 0..<people {
            let age = elderlyShare.map { rng.bernoulli($0) ? 60 + Int(rng.uniform() * 30) : Int(rng.uniform() * 60) } ?? Int(rng.uniform() * 90)
            let sex: Sex = rng.bernoulli(0.5) ? .female : .male
            let g = age >= 60 ? 2 : (age >= 15 ? 1 : 0)
            personYears.append(.init(person: Int32(p), year: year, age: age, sex: sex, povertyStatus: rng.bernoulli(inPovertyShare) ? .inPoverty : .exitedPoverty,
                                     household: householdOf[p], line: p + 2))
            for _ in 0..<rng.poisson(t["general_outpatient.visits_per_year"]![groups[g]]!) {
                // 10 yuan plus a gamma of mean 60 and sd 56: mean 70, cv 0.8, and a policy-range cost (≥ 8.3) above
                // any fee (5–8, mean 6.5), so that the contract's fee ≤ policy-range cost never truncates the fee.
                claim(p, .generalOutpatient, .township, cost: 10 + rng.gamma(mean: 60, cv: 56.0 / 60), share: 0.88 + 0.1 * (rng.uniform() - 0.5),
                      fee: 5 + 3 * rng.uniform())
            }
            for c in conditions + otherConditions where rng.bernoulli(c.probability[g] * c.sexFactor[sex.rawValue] * c.link[g]) {
                let cost = c.costCV > 0 ? rng.lognormal(mean: c.costMean, cv: c.costCV) : c.costMean
                let share = c.policyShare >= 1 ? 1 : c.policyShare + 0.1 * (rng.uniform() - 0.5)
                if c.setting == .chronicOutpatient {
                    // A year of care written as 1–3 claims that add up to it.
                    let parts = 1 + Int(rng.uniform() * 3)
                    var left = money(cost).fen
                    for k in 0..<parts {
                        let fen = k == parts - 1 ? left : left / Int64(parts - k)
                        left -= fen
                        claim(p, c.setting, c.level, disease: c.code, cost: Double(fen) / 100, share: share)
                    }
                } else {
                    claim(p, c.setting, c.level, disease: c.code, cost: cost, share: share)
                }
            }
            for _ in 0..<rng.poisson(t["inpatient.admissions_per_year"]![groups[g]]!) {
                let u = rng.uniform()
                let weights = [0.4, 0.4, 0.15, 0.05]
                var l = 0, cumulative = weights[0]
                while l < 3 && u >= cumulative { l += 1; cumulative += weights[l] }
                let name = levels[l].fileName
                let inCounty = rng.bernoulli(t["inpatient.in_county_probability"]![name]!)
                let compliant = rng.bernoulli(inCounty ? 0.93 : 0.8)
                claim(p, .inpatient, levels[l], inCounty: inCounty, compliant: compliant,
                      cost: rng.lognormal(mean: t["inpatient.cost_mean"]![name]!, cv: t["inpatient.cost_cv"]![name]!),
                      share: t["inpatient.policy_range_share"]![name]! + 0.1 * (rng.uniform() - 0.5))
            }
        }
        let file = { (name: String, rows: Int) in CitedFile(name: name, sha256: String(repeating: "0", count: 64), rows: rows) }
        return CalibrationExtract(claimsFile: file("claims.csv", claims.count), rosterFile: file("roster.csv", personYears.count),
                                  persons: (0..<people).map { "P\($0)" }, households: households, personYears: personYears, claims: claims)
    }

    /// The extract as the two CSV files `fundsim calibrate` reads.
    static func csv(_ extract: CalibrationExtract) -> (roster: String, claims: String) {
        var roster = "person_id,age,sex,poverty_status,year\n"
        for row in extract.personYears {
            roster += "\(extract.persons[Int(row.person)]),\(row.age),\(row.sex.fileName),\(row.povertyStatus.fileName),\(row.year)\n"
        }
        var claims = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee,age,sex,year\n"
        let codes = DiseaseCatalog.standard.diseases.map(\.code)
        func yuan(_ m: Money) -> String { String(format: "%.2f", m.yuan) }
        for c in extract.claims {
            let row = extract.personYears[Int(c.personYear)]
            claims += "\(extract.persons[Int(row.person)]),\(c.setting.fileName),\(c.level.fileName),\(c.inCounty),\(c.referralCompliant),"
            claims += "\(c.disease.map { codes[$0.position] } ?? ""),\(yuan(c.totalCost)),\(yuan(c.policyRangeCost)),\(yuan(c.consultationFee)),"
            claims += "\(row.age),\(row.sex.fileName),\(row.year)\n"
        }
        return (roster, claims)
    }
}
