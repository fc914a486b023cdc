import PolicyCatalog
import PropertyBased
import Settlement

/// Random claims and person-years for the property tests. Built from the
/// library's generators with `zip` so that failures shrink to small inputs.
enum Generators {
    static let diseaseCount = DiseaseCatalog.standard.diseases.count

    /// Any claim the claims contract allows: every setting, level and flag, a
    /// disease or none (also ones that make no sense for the setting), a total
    /// from 0 to 500,000 yuan spread over magnitudes, policy range ≤ total, and
    /// for general outpatient a consultation fee ≤ policy range.
    static let claim = zip(
        Gen<ClaimSetting>.case, Gen<FacilityLevel>.case, Gen.bool, Gen.bool,
        Gen.int(in: -1...(diseaseCount - 1)),
        Gen.int64(in: 0...50_000_000), Gen.int(in: 0...4),
        Gen.int(in: 0...100), Gen.int(in: 0...100),
        zip(Gen<PovertyStatus>.case, Gen<WelfareCategory>.case)
    ).map { t -> Claim in
        var divisor: Int64 = 1
        for _ in 0..<t.6 { divisor *= 10 }
        let total = t.5 / divisor
        let policy = total * Int64(t.7) / 100
        let fee = t.0 == .generalOutpatient ? policy * Int64(t.8) / 100 : 0
        return Claim(setting: t.0, level: t.1, inCounty: t.2, referralCompliant: t.3, disease: t.4 < 0 ? nil : DiseaseIndex(t.4),
                     totalCost: Money(fen: total), policyRangeCost: Money(fen: policy), consultationFee: Money(fen: fee),
                     povertyStatus: t.9.0, welfareCategory: t.9.1)
    }

    /// The claims of one person-year, in order, and which of the plan's years
    /// (as an offset from its first, taken modulo its length).
    static let personYear = zip(claim.array(of: 1...12), Gen.int(in: 0...3))

    /// Several persons' claims and a random interleaving of them: `order[i]`
    /// picks, among the persons with claims left, whose claim comes next.
    static let persons = zip(claim.array(of: 1...6).array(of: 2...4), Gen.int(in: 0...1_000).array(of: 24))
}

/// Merges per-person claim lists into one file order, each person's claims
/// kept in their order, choosing the next person by `choices`.
func interleave(_ persons: [[Claim]], choices: [Int]) -> [(person: Int, claim: Claim)] {
    var next = [Int](repeating: 0, count: persons.count)
    var result: [(person: Int, claim: Claim)] = []
    var step = 0
    while true {
        let open = persons.indices.filter { next[$0] < persons[$0].count }
        guard !open.isEmpty else { return result }
        let choice = choices.isEmpty ? 0 : choices[step % choices.count]
        let p = open[choice % open.count]
        result.append((p, persons[p][next[p]]))
        next[p] += 1
        step += 1
    }
}
