import Simulation

/// General outpatient use (普通门诊): visits per person-year by age group, the
/// cost of a visit (mean and cv: the model's visits are gamma), the
/// consultation fee per visit and the policy-range share. Each
/// general-outpatient claim of the extract is one visit.
struct OutpatientEstimates {
    let tally: ExtractTally
    let base: BaseModel
    let fit: TableFit
    /// Whether the extract records consultation fees (else the fee is not fitted).
    let hasFees: Bool

    func quantities() -> [FittedQuantity] {
        let go = base.model.generalOutpatient
        var out: [FittedQuantity] = []
        // Visits per person-year: mean of each person-year's count, with its standard error.
        let rates = PerPersonYearRates(counts: tally.visits, groupOf: tally.groupOf)
        let baseVisits = base.values(go.visitsPerYear)
        if let q = fit.quantity(path: "general_outpatient.visits_per_year", shape: .table, keys: AgeGroup.allCases.map(\.fileName),
                                estimates: rates.estimates, observations: rates.personYears, base: baseVisits,
                                pooled: rates.pooled(base: baseVisits), unit: "per_person_year", distribution: .gamma,
                                observationWord: "person-years", cited: (tally.visitCost.n, "visits")) {
            out.append(q)
        }
        let n = tally.visitCost.n
        let visitsOnly = [n]
        if let q = fit.quantity(path: "general_outpatient.cost_per_visit", shape: .scalar, keys: ["value"],
                                estimates: [EntryFit(value: tally.visitCost.mean, standardError: tally.visitCost.meanSE)],
                                observations: visitsOnly, base: [base.value(go.costPerVisit)], pooled: nil, unit: "yuan",
                                distribution: .lognormal, observationWord: "visits", note: "sample mean in base-year prices") {
            out.append(q)
        }
        if let q = fit.quantity(path: "general_outpatient.cost_cv", shape: .scalar, keys: ["value"],
                                estimates: [EntryFit(value: tally.visitCost.cv, standardError: tally.visitCost.cvSE)],
                                observations: visitsOnly, base: [base.value(go.costCV)], pooled: nil, unit: "cv",
                                distribution: .gamma, observationWord: "visits", note: "sample cv of a visit's cost (the model's visits are gamma)") {
            out.append(q)
        }
        if hasFees, let q = fit.quantity(path: "general_outpatient.consultation_fee_per_visit", shape: .scalar, keys: ["value"],
                                estimates: [EntryFit(value: tally.visitFee.mean, standardError: tally.visitFee.meanSE)],
                                observations: visitsOnly, base: [base.value(go.consultationFeePerVisit)], pooled: nil, unit: "yuan",
                                distribution: .lognormal, observationWord: "visits") {
            out.append(q)
        }
        if let q = fit.quantity(path: "general_outpatient.policy_range_share", shape: .scalar, keys: ["value"],
                                estimates: [EntryFit(value: tally.visitPolicyShare.ratio, standardError: tally.visitPolicyShare.standardError)],
                                observations: visitsOnly, base: [base.value(go.policyRangeShare)], pooled: nil, unit: "share",
                                distribution: .beta, observationWord: "visits", note: "policy-range cost / total cost", upperBound: 1) {
            out.append(q)
        }
        return out
    }
}

/// Events per person-year by age group (visits, admissions): the mean count,
/// its standard error (the person-years' own spread, so over-dispersion widens
/// it), and the pooled adjustment observed / expected under the base rates.
struct PerPersonYearRates {
    var estimates: [EntryFit?] = []
    var personYears: [Int] = []
    var sums = [Double](repeating: 0, count: 3)
    var squares = [Double](repeating: 0, count: 3)

    init(counts: [Int32], groupOf: [Int]) {
        var n = [Int](repeating: 0, count: 3)
        for (i, k) in counts.enumerated() {
            let g = groupOf[i], x = Double(k)
            n[g] += 1; sums[g] += x; squares[g] += x * x
        }
        personYears = n
        estimates = (0..<3).map { g in
            guard n[g] > 0 else { return nil }
            let k = Double(n[g]), mean = sums[g] / k
            let variance = max(0, squares[g] / k - mean * mean)
            return EntryFit(value: mean, standardError: (variance / k).squareRoot())
        }
    }

    /// Observed events / events expected at the base rates, over all age groups.
    func pooled(base: [Double]) -> PooledAdjustment? {
        let expected = (0..<3).reduce(0.0) { $0 + base[$1] * Double(personYears[$1]) }
        guard expected > 0 else { return nil }
        let observed = sums.reduce(0, +)
        var variance = 0.0
        for g in 0..<3 where personYears[g] > 0 {
            let k = Double(personYears[g]), mean = sums[g] / k
            variance += max(0, squares[g] - k * mean * mean)
        }
        return PooledAdjustment(ratio: observed / expected, standardError: variance.squareRoot() / expected,
                                observations: personYears.reduce(0, +), over: "all age groups")
    }
}
