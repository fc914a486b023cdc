import Settlement
import Simulation

/// Catalog conditions (chronic-outpatient years of care, major-disease cases,
/// cataract surgery): for each condition of the base model, the annual
/// probability of a case-year by age group, the case-year's cost (mean and cv,
/// ``CostDistributionFit``; a fixed per-case fee, cv 0 in the base, keeps cv 0
/// and fits the fee) and the policy-range share.
///
/// **Probabilities.** The model gives person p of age group g and sex s a
/// case-year with probability `q = a[g] × sex_factor[s] × L[g]`, where L is 1
/// for a condition drawn every year, and for one linked to a persistent disease
/// state the state's base prevalence (`basis: stock`) or onset rate
/// (`basis: onset`) of the cohort, which a county cannot override. So
/// `â[g] = cases[g] / Σ_s sex_factor[s] × L[g] × person-years[g, s]` (for a
/// linked condition: relative to the province's prevalence, an approximation
/// after the first year), capped at 1, with the binomial standard error
/// `√(Σ_s q_s(1 − q_s) n_s) / D_g`.
///
/// **Fallback.** An age group with fewer cases than the minimum takes the
/// base value times observed / expected cases of the condition over its age
/// groups (an indirect standardisation), or, when the condition as a whole has
/// too few cases, over every condition of its setting; costs and shares of a
/// condition with too few case-years take the base value times the ratio over
/// the setting's case-years.
struct ConditionEstimates {
    let tally: ExtractTally
    let base: BaseModel
    let fit: TableFit

    struct PerCondition {
        var cases = [Int](repeating: 0, count: 3)
        var costs: [Double] = []
        var share = RatioSums()
        /// Σ_s sex_factor × L × person-years, per age group.
        var exposure = [Double](repeating: 0, count: 3)
        var expected = 0.0
    }

    func quantities() -> [(disease: String, quantities: [FittedQuantity])] {
        let model = base.model
        let conditions = model.conditions
        let states = model.cohort?.diseaseStates ?? []
        var per = [PerCondition](repeating: PerCondition(), count: conditions.count)
        for (key, caseYear) in tally.caseYears {
            let py = key / tally.conditionCount, c = key % tally.conditionCount
            per[c].cases[tally.groupOf[py]] += 1
            per[c].costs.append(caseYear.cost)
            per[c].share.add(caseYear.policy, caseYear.total)
        }
        for (c, condition) in conditions.enumerated() {
            let sex = base.values(condition.sexFactor)
            let baseProbability = base.values(condition.annualProbability)
            for g in 0..<3 {
                let link = linkFactor(condition, group: g, states: states)
                per[c].exposure[g] = (0..<2).reduce(0.0) { $0 + sex[$1] * link * Double(tally.personYears[g * 2 + $1]) }
                per[c].expected += baseProbability[g] * per[c].exposure[g]
            }
        }
        // Pooled over each setting: cases / expected cases; case-year costs / base means; policy shares.
        let minimum = fit.settings.minimumObservations
        var settingCases: [ClaimSetting: (observed: Int, expected: Double)] = [:]
        var settingCost: [ClaimSetting: RatioSums] = [:]
        var settingShare: [ClaimSetting: RatioSums] = [:]
        for (c, condition) in conditions.enumerated() {
            let s = condition.setting
            settingCases[s, default: (0, 0)].observed += per[c].cases.reduce(0, +)
            settingCases[s, default: (0, 0)].expected += per[c].expected
            let meanBase = base.value(condition.costMean)
            for x in per[c].costs { settingCost[s, default: RatioSums()].add(x, meanBase) }
            let shareBase = base.value(condition.policyRangeShare)
            var sums = per[c].share
            sums.b *= shareBase; sums.ab *= shareBase; sums.bb *= shareBase * shareBase
            settingShare[s, default: RatioSums()].a += sums.a
            settingShare[s]!.b += sums.b; settingShare[s]!.aa += sums.aa; settingShare[s]!.ab += sums.ab
            settingShare[s]!.bb += sums.bb; settingShare[s]!.n += sums.n
        }

        var out: [(String, [FittedQuantity])] = []
        for (c, condition) in conditions.enumerated() {
            let p = per[c]
            let sex = base.values(condition.sexFactor)
            let baseProbability = base.values(condition.annualProbability)
            let path = "conditions.\(condition.code)"
            var quantities: [FittedQuantity] = []
            // Annual probability.
            let estimates: [EntryFit?] = (0..<3).map { g in
                guard p.exposure[g] > 0 else { return nil }
                let a = Double(p.cases[g]) / p.exposure[g]
                var variance = 0.0
                // Binomial variance of the cases: Σ_s q_s(1 − q_s) n_s with q_s = a × sex_s × L.
                let link = linkFactor(condition, group: g, states: states)
                for s in 0..<2 {
                    let q = min(1, a * sex[s] * link)
                    variance += q * (1 - q) * Double(tally.personYears[g * 2 + s])
                }
                return EntryFit(value: a, standardError: variance.squareRoot() / p.exposure[g])
            }
            let own = p.cases.reduce(0, +)
            var pooled: PooledAdjustment?
            if own >= minimum && p.expected > 0 {
                pooled = PooledAdjustment(ratio: Double(own) / p.expected, standardError: Double(own).squareRoot() / p.expected,
                                          observations: own, over: "the condition's age groups")
            } else if let s = settingCases[condition.setting], s.observed >= minimum, s.expected > 0 {
                pooled = PooledAdjustment(ratio: Double(s.observed) / s.expected, standardError: Double(s.observed).squareRoot() / s.expected,
                                          observations: s.observed, over: "every \(condition.setting.fileName) condition")
            }
            let linkNote: String? = condition.link.map { l in
                let name = l.state >= 1 && l.state <= states.count ? states[l.state - 1].name : "?"
                return "per person of the cohort state \(name)'s \(l.basis == .stock ? "base prevalence" : "onset rate") (the province's)"
            }
            if let q = fit.quantity(path: "\(path).annual_probability", shape: .table, keys: AgeGroup.allCases.map(\.fileName),
                                    estimates: estimates, observations: p.cases, base: baseProbability, pooled: pooled,
                                    unit: "probability", distribution: .beta, observationWord: "cases",
                                    note: ["case-years / person-years", linkNote].compactMap { $0 }.joined(separator: " "), upperBound: 1) {
                quantities.append(q)
            }
            // Cost of a case-year.
            let fixedFee = base.value(condition.costCV) == 0
            let costFit = CostDistributionFit.fit(p.costs, level: fit.settings.tailTestLevel)
            let meanEstimate: EntryFit? = fixedFee
                ? (p.costs.isEmpty ? nil : { var m = Moments(); p.costs.forEach { m.add($0) }; return EntryFit(value: m.mean, standardError: m.meanSE) }())
                : costFit.map { EntryFit(value: $0.mean, standardError: $0.meanSE) }
            let costPooled = settingCost[condition.setting].flatMap { s in
                s.b > 0 ? PooledAdjustment(ratio: s.ratio, standardError: s.standardError, observations: s.n, over: "every \(condition.setting.fileName) condition's case-years") : nil
            }
            let costNote = fixedFee ? "a fixed per-case fee (cv 0 in the base): the sample mean, base-year prices"
                : (costFit.map { $0.description + "; base-year prices" } ?? "base-year prices")
            if let q = fit.quantity(path: "\(path).cost_mean", shape: .scalar, keys: ["value"], estimates: [meanEstimate], observations: [p.costs.count],
                                    base: [base.value(condition.costMean)], pooled: costPooled, unit: "yuan", distribution: .lognormal,
                                    observationWord: "case-years", note: costNote) {
                quantities.append(q)
            }
            if !fixedFee, let f = costFit, f.n >= minimum,
               let q = fit.quantity(path: "\(path).cost_cv", shape: .scalar, keys: ["value"], estimates: [EntryFit(value: f.cv, standardError: f.cvSE)],
                                    observations: [f.n], base: [base.value(condition.costCV)], pooled: nil, unit: "cv", distribution: .gamma,
                                    observationWord: "case-years", note: "see cost_mean for the family test") {
                quantities.append(q)
            }
            let sharePooled = settingShare[condition.setting].flatMap { s in
                s.b > 0 ? PooledAdjustment(ratio: s.ratio, standardError: s.standardError, observations: s.n, over: "every \(condition.setting.fileName) condition's case-years") : nil
            }
            if let q = fit.quantity(path: "\(path).policy_range_share", shape: .scalar, keys: ["value"],
                                    estimates: [p.share.n > 0 ? EntryFit(value: p.share.ratio, standardError: p.share.standardError) : nil],
                                    observations: [p.share.n], base: [base.value(condition.policyRangeShare)], pooled: sharePooled,
                                    unit: "share", distribution: .beta, observationWord: "case-years", note: "policy-range cost / total cost", upperBound: 1) {
                quantities.append(q)
            }
            if !quantities.isEmpty { out.append((condition.code, quantities)) }
        }
        return out
    }

    func linkFactor(_ condition: ConditionModel, group g: Int, states: [CohortDiseaseSpec]) -> Double {
        guard let l = condition.link, l.state >= 1, l.state <= states.count else { return 1 }
        let state = states[l.state - 1]
        return l.basis == .stock ? state.basePrevalence[g] : state.onset[g]
    }
}
