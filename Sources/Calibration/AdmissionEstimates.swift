import Settlement
import Simulation

/// Admissions not tied to a catalog condition (住院): admissions per
/// person-year by age group, the mix of facility levels, the cost
/// distribution by level (``CostDistributionFit``), the policy-range share by
/// level, the in-county share by level and the referral-compliance shares in
/// and out of the county.
struct AdmissionEstimates {
    let tally: ExtractTally
    let base: BaseModel
    let fit: TableFit

    static let levels = FacilityLevel.allCases.map(\.fileName)

    func quantities() -> [FittedQuantity] {
        let model = base.model.inpatient
        let minimum = fit.settings.minimumObservations
        var out: [FittedQuantity] = []
        let rates = PerPersonYearRates(counts: tally.admissions, groupOf: tally.groupOf)
        let baseRates = base.values(model.admissionsPerYear)
        if let q = fit.quantity(path: "inpatient.admissions_per_year", shape: .table, keys: AgeGroup.allCases.map(\.fileName),
                                estimates: rates.estimates, observations: rates.personYears, base: baseRates,
                                pooled: rates.pooled(base: baseRates), unit: "per_person_year", distribution: .gamma,
                                observationWord: "person-years",
                                cited: (tally.admissions.reduce(0) { $0 + Int($1) }, "admissions")) {
            out.append(q)
        }
        let byLevel = tally.admissionsByLevel
        let all = byLevel.reduce(0, +)
        guard all > 0 else { return out }
        // Level mix: one multinomial, fitted as a whole.
        let weights: [EntryFit?] = byLevel.map { k in
            let w = Double(k) / Double(all)
            return EntryFit(value: w, standardError: (w * (1 - w) / Double(all)).squareRoot())
        }
        if let q = fit.quantity(path: "inpatient.level_weights", shape: .table, keys: Self.levels, estimates: weights,
                                observations: Array(repeating: all, count: 4), base: base.values(model.levelWeights), pooled: nil,
                                unit: "share", distribution: .beta, observationWord: "admissions", note: "share of admissions by level",
                                cited: (all, "admissions")) {
            out.append(q)
        }
        // Costs by level.
        let costFits = tally.admissionCosts.map { CostDistributionFit.fit($0, level: fit.settings.tailTestLevel) }
        let baseMean = base.values(model.costMean), baseCV = base.values(model.costCV)
        var expected = 0.0, observed = 0.0, observedSquares = 0.0
        for l in 0..<4 {
            for x in tally.admissionCosts[l] { observed += x; observedSquares += x * x; expected += baseMean[l] }
        }
        // Pooled cost ratio over all admissions: Σ cost / Σ base mean of its level (a ratio estimator over admissions).
        var pooledCost: PooledAdjustment?
        if expected > 0 {
            let r = observed / expected
            var residual = 0.0
            for l in 0..<4 { for x in tally.admissionCosts[l] { residual += (x - r * baseMean[l]) * (x - r * baseMean[l]) } }
            pooledCost = PooledAdjustment(ratio: r, standardError: residual.squareRoot() / expected, observations: all, over: "all levels' admissions")
        }
        let tests = (0..<4).compactMap { l -> String? in
            guard let f = costFits[l], f.n >= minimum else { return nil }
            return "\(Self.levels[l]): \(f.description)"
        }
        let testNote = tests.isEmpty ? nil : tests.joined(separator: "; ")
        if let q = fit.quantity(path: "inpatient.cost_mean", shape: .table, keys: Self.levels,
                                estimates: costFits.map { $0.map { EntryFit(value: $0.mean, standardError: $0.meanSE) } },
                                observations: byLevel, base: baseMean, pooled: pooledCost, unit: "yuan", distribution: .lognormal,
                                observationWord: "admissions", note: (testNote.map { $0 + "; " } ?? "") + "base-year prices") {
            out.append(q)
        }
        // cv: fallback levels take the base cv times the mean ratio of fitted to base cv over the fitted levels.
        var cvRatioSum = 0.0, cvWeight = 0.0, cvN = 0
        for l in 0..<4 { if let f = costFits[l], f.n >= minimum, baseCV[l] > 0 { cvRatioSum += Double(f.n) * f.cv; cvWeight += Double(f.n) * baseCV[l]; cvN += f.n } }
        let pooledCV = cvWeight > 0 ? PooledAdjustment(ratio: cvRatioSum / cvWeight, standardError: 0, observations: cvN, over: "the fitted levels") : nil
        if let q = fit.quantity(path: "inpatient.cost_cv", shape: .table, keys: Self.levels,
                                estimates: costFits.map { $0.map { EntryFit(value: $0.cv, standardError: $0.cvSE) } },
                                observations: byLevel, base: baseCV, pooled: pooledCV, unit: "cv", distribution: .gamma,
                                observationWord: "admissions", note: "see cost_mean for the family test") {
            out.append(q)
        }
        // Policy-range share by level, pooled: Σ policy / Σ (base share × total).
        let baseShare = base.values(model.policyRangeShare)
        var pooledShare = RatioSums()
        for l in 0..<4 where baseShare[l] > 0 {
            let s = tally.admissionPolicyShare[l]
            pooledShare.a += s.a; pooledShare.b += baseShare[l] * s.b; pooledShare.n += s.n
            pooledShare.aa += s.aa; pooledShare.ab += baseShare[l] * s.ab; pooledShare.bb += baseShare[l] * baseShare[l] * s.bb
        }
        if let q = fit.quantity(path: "inpatient.policy_range_share", shape: .table, keys: Self.levels,
                                estimates: tally.admissionPolicyShare.map { $0.n > 0 ? EntryFit(value: $0.ratio, standardError: $0.standardError) : nil },
                                observations: byLevel, base: baseShare,
                                pooled: pooledShare.b > 0 ? PooledAdjustment(ratio: pooledShare.ratio, standardError: pooledShare.standardError, observations: pooledShare.n, over: "all levels") : nil,
                                unit: "share", distribution: .beta, observationWord: "admissions", note: "policy-range cost / total cost", upperBound: 1) {
            out.append(q)
        }
        // In-county share by level, pooled: observed / expected in-county admissions under the base probabilities.
        let baseInCounty = base.values(model.inCountyProbability)
        let expectedIn = (0..<4).reduce(0.0) { $0 + baseInCounty[$1] * Double(byLevel[$1]) }
        let observedIn = tally.admissionInCounty.reduce(0, +)
        if let q = fit.quantity(path: "inpatient.in_county_probability", shape: .table, keys: Self.levels,
                                estimates: (0..<4).map { Self.proportion(tally.admissionInCounty[$0], byLevel[$0]) },
                                observations: byLevel, base: baseInCounty,
                                pooled: expectedIn > 0 ? PooledAdjustment(ratio: Double(observedIn) / expectedIn, standardError: Double(observedIn).squareRoot() / expectedIn, observations: all, over: "all levels") : nil,
                                unit: "probability", distribution: .beta, observationWord: "admissions", upperBound: 1) {
            out.append(q)
        }
        for (path, compliant, n, id) in [("inpatient.compliant_in_county", tally.compliantInCounty, tally.inCountyAdmissions, model.compliantInCounty),
                                         ("inpatient.compliant_out_of_county", tally.compliantOutOfCounty, tally.outOfCountyAdmissions, model.compliantOutOfCounty)] {
            if let q = fit.quantity(path: path, shape: .scalar, keys: ["value"], estimates: [Self.proportion(compliant, n)], observations: [n],
                                    base: [base.value(id)], pooled: nil, unit: "probability", distribution: .beta,
                                    observationWord: path.hasSuffix("in_county") ? "in-county admissions" : "out-of-county admissions",
                                    note: "share referral-compliant (符合转诊转院规范)") {
                out.append(q)
            }
        }
        return out
    }

    /// k / n with its binomial standard error.
    static func proportion(_ k: Int, _ n: Int) -> EntryFit? {
        guard n > 0 else { return nil }
        let p = Double(k) / Double(n)
        return EntryFit(value: p, standardError: (p * (1 - p) / Double(n)).squareRoot())
    }
}
