import Foundation
import RandomStreams
import Settlement

/// Every rate and cost of the model resolved for one (draw, year): the
/// distributions the person loop samples from, built once, not per person.
public struct YearTables: Sendable {
    /// Visits per person-year by age group.
    @usableFromInline let visits: [PoissonTable]
    /// The same visit counts read from the word they are drawn from (``VisitCountTable``).
    @usableFromInline let visitCounts: VisitCountTable
    /// Gamma shape of one visit's cost; the year's cost given k visits is Gamma(k·shape, scale).
    @usableFromInline let visitShape: Double
    @usableFromInline let visitScale: Double
    @usableFromInline let feePerVisit: Double
    @usableFromInline let outpatientPolicyShare: Double
    /// Admissions per person-year by age group.
    @usableFromInline let admissions: [Poisson]
    @usableFromInline let levelCumulative: [Double]
    @usableFromInline let admissionCost: [LogNormal]
    @usableFromInline let admissionPolicyShare: [Double]
    @usableFromInline let inCounty: [Double]
    @usableFromInline let compliantInCounty: Double
    @usableFromInline let compliantOutOfCounty: Double
    /// Conditions: per (age group × sex) row of `conditionCount` entries.
    @usableFromInline let conditionCount: Int
    /// Per (age group × sex) row of `conditionCount + 1` entries: N_s = Π_{i ≥ s} (1 − p_i),
    /// the probability of none of the conditions s, s+1, …; N_D = 1.
    @usableFromInline let noneFrom: [Double]
    /// Per condition: how the year's claim cost is drawn.
    @usableFromInline let conditionCost: [ConditionCost]
    @usableFromInline let conditionPolicyShare: [Double]
    /// Disease states of the cohort, "none" included (1 without a cohort).
    @usableFromInline let stateCount: Int
    /// Whether some condition is linked to a state (``ConditionLink``).
    @usableFromInline let hasLinks: Bool
    /// Whether some condition's claims come from new cases (onset during the year).
    @usableFromInline let hasOnsetLinks: Bool
    /// Per age group, `stateCount` entries: the cumulative probability that a person free of
    /// every state at the start of the year enters state 1, 1 or 2, … during it (the cohort's onset rates).
    @usableFromInline let onsetCumulative: [Double]
    /// The conditions whose claims come from a state's stock, then those that come from a
    /// state's new cases, state by state, in one flat list: state k's stock conditions are
    /// `linkedConditions[stockBounds[k] ..< stockBounds[k + 1]]`, its new cases'
    /// `linkedConditions[onsetBounds[k] ..< onsetBounds[k + 1]]`. Flat, so that the person
    /// loop reads them without retaining a per-state array.
    @usableFromInline let linkedConditions: [Int]
    /// `stateCount + 1` positions in ``linkedConditions`` (see there).
    @usableFromInline let stockBounds: [Int]
    @usableFromInline let onsetBounds: [Int]
    /// Per (age group × sex) row of `conditionCount` entries: the probability of a linked
    /// condition's claim for a person of its stock or new cases.
    @usableFromInline let linkedProbability: [Double]

    /// Per visit count k (index k): Marsaglia–Tsang's `d = k·shape − 1/3` and `c = 1/√(9d)` for
    /// the year's visit cost Gamma(k·shape, scale), or NaN where k·shape < 1 (sampled by ``Gamma``).
    @usableFromInline let visitGammaD: [Double]
    @usableFromInline let visitGammaC: [Double]
    /// The standard normal's ziggurat (``NormalZiggurat/shared``), held so the person loop reads no global.
    @usableFromInline let normals = NormalZiggurat.shared
    /// Per visit count k: the consultation fees of k visits, k × fee per visit rounded to the fen
    /// (what the person loop computed per person-year, once per count).
    @usableFromInline let visitFeeFen: [Int64]
    /// Per age group: P(no admission) = e^(−λ).
    @usableFromInline let noAdmission: [Double]
    /// Per age group: the probability that a person free of every disease state has no new
    /// case during the year (1 without onset-linked conditions).
    @usableFromInline let noOnset: [Double]
    /// Per (age group × sex) row: the probability that a person free of every disease state
    /// has nothing beyond general outpatient in the year (no catalog condition, no new case,
    /// no admission): N_0 · P(no new case) · P(no admission).
    @usableFromInline let nothingElse: [Double]

    /// Resolves the model for a year with one draw's parameter values.
    public init(model: SimulationModel, parameters p: DrawnParameters, year: Int) {
        let inflation = pow(1 + p[model.costGrowth], Double(year - model.costBaseYear))
        let go = model.generalOutpatient
        visits = go.visitsPerYear.map { PoissonTable(mean: max(0, p[$0])) }
        visitCounts = VisitCountTable(visits)
        let cv = max(p[go.costCV], 1e-6)
        visitShape = 1 / (cv * cv)
        visitScale = p[go.costPerVisit] * inflation * cv * cv
        feePerVisit = p[go.consultationFeePerVisit] * inflation
        outpatientPolicyShare = min(1, max(0, p[go.policyRangeShare]))

        let ip = model.inpatient
        admissions = ip.admissionsPerYear.map { Poisson(mean: max(0, p[$0])) }
        let weights = ip.levelWeights.map { max(0, p[$0]) }
        let weightSum = weights.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for w in weights {
            running += weightSum > 0 ? w / weightSum : 0.25
            cumulative.append(running)
        }
        cumulative[cumulative.count - 1] = 1
        levelCumulative = cumulative
        admissionCost = FacilityLevel.allCases.map { level in
            LogNormal(mean: p[ip.costMean[level.rawValue]] * inflation, coefficientOfVariation: max(p[ip.costCV[level.rawValue]], 1e-6))
        }
        admissionPolicyShare = ip.policyRangeShare.map { min(1, max(0, p[$0])) }
        inCounty = ip.inCountyProbability.map { min(1, max(0, p[$0])) }
        compliantInCounty = min(1, max(0, p[ip.compliantInCounty]))
        compliantOutOfCounty = min(1, max(0, p[ip.compliantOutOfCounty]))

        let conditions = model.conditions
        conditionCount = conditions.count
        var none: [Double] = []
        for group in AgeGroup.allCases {
            for sex in Sex.allCases {
                // Linked conditions come from the person's disease state, not from this independent draw.
                let row = conditions.map { c in c.link != nil ? 0 : min(1, max(0, p[c.annualProbability[group.rawValue]] * p[c.sexFactor[sex.rawValue]])) }
                var products = [Double](repeating: 1, count: row.count + 1)
                for d in stride(from: row.count - 1, through: 0, by: -1) { products[d] = products[d + 1] * (1 - row[d]) }
                none.append(contentsOf: products)
            }
        }
        noneFrom = none
        conditionCost = conditions.map {
            let fixed = p[$0.costMean] * inflation
            // A drawn mean below zero (parameter uncertainty) falls back to the clamped log-normal.
            return p[$0.costCV] <= 0 && fixed >= 0
                ? .fixed(fixed)
                : .sampled(LogNormal(mean: max(p[$0.costMean], 0.01) * inflation, coefficientOfVariation: max(p[$0.costCV], 1e-6)))
        }
        conditionPolicyShare = conditions.map { min(1, max(0, p[$0.policyRangeShare])) }

        let states = model.cohort?.diseaseStates ?? []
        stateCount = states.count + 1
        hasLinks = conditions.contains { $0.link != nil }
        hasOnsetLinks = conditions.contains { $0.link?.basis == .onset }
        var onsets: [Double] = []
        for group in AgeGroup.allCases {
            var sum = 0.0
            onsets.append(0)
            for state in states {
                sum += min(1, max(0, state.onset[group.rawValue]))
                onsets.append(min(1, sum))
            }
        }
        onsetCumulative = onsets
        var linkedList: [Int] = []
        let stateCount = self.stateCount
        /// Appends each state's conditions linked with `basis` to `linkedList`; returns where each state's conditions start, and the end.
        func appendLinked(_ basis: ConditionLink.Basis) -> [Int] {
            var starts = [linkedList.count]
            for k in 0..<stateCount {
                linkedList.append(contentsOf: conditions.indices.filter { conditions[$0].link == ConditionLink(state: k, basis: basis) })
                starts.append(linkedList.count)
            }
            return starts
        }
        stockBounds = appendLinked(.stock)
        onsetBounds = appendLinked(.onset)
        linkedConditions = linkedList
        var linked: [Double] = []
        for group in AgeGroup.allCases {
            for sex in Sex.allCases {
                linked.append(contentsOf: conditions.map { c in
                    c.link == nil ? 0 : min(1, max(0, p[c.annualProbability[group.rawValue]] * p[c.sexFactor[sex.rawValue]]))
                })
            }
        }
        linkedProbability = linked

        let maxVisits = visits.map { $0.table.probabilities.count }.max() ?? 1
        let shape = visitShape
        visitGammaD = (0..<maxVisits).map { k in Double(k) * shape >= 1 ? Double(k) * shape - 1.0 / 3 : .nan }
        visitGammaC = visitGammaD.map { 1 / (9 * $0).squareRoot() }
        let fee = feePerVisit
        visitFeeFen = (0..<maxVisits).map { k in fenRounding(yuan: Double(k) * fee).fen }
        noAdmission = admissions.map { exp(-$0.mean) }
        var noOnsets: [Double] = []
        for group in AgeGroup.allCases {
            let last: Double = onsets[group.rawValue * stateCount + stateCount - 1]
            noOnsets.append(hasOnsetLinks ? 1 - last : 1)
        }
        noOnset = noOnsets
        var nothing: [Double] = []
        for row in 0..<(AgeGroup.allCases.count * 2) {
            let noCondition: Double = none[row * (conditions.count + 1)]
            nothing.append(noCondition * noOnsets[row / 2] * noAdmission[row / 2])
        }
        nothingElse = nothing
    }

    /// The state a person free of every state at the start of the year enters during
    /// it, given a uniform `u` (age group `group`), or 0 for none.
    @inlinable
    public func onsetState(group: Int, uniform u: Double) -> Int {
        let base = group &* stateCount
        var k = 1
        while k < stateCount {
            if u < onsetCumulative[base &+ k] { return k }
            k &+= 1
        }
        return 0
    }

    /// The next condition present at or after position `start` for a person in
    /// (age group × sex) `row`, given a uniform `u`, or `nil` when none is: the
    /// first k ≥ start with N_{k+1} > N_start / (1 − u), none when u ≥ 1 − N_start.
    /// Exact inversion of independent Bernoulli(p_k) conditions, one uniform per call.
    @inlinable
    public func nextCondition(row: Int, from start: Int, uniform u: Double) -> Int? {
        let base = row &* (conditionCount &+ 1)
        let noneLeft = noneFrom[base &+ start]
        guard u < 1 - noneLeft else { return nil }
        let threshold = noneLeft / (1 - u)
        var d = start
        while noneFrom[base &+ d &+ 1] <= threshold { d &+= 1 }
        return d
    }
}

/// How a condition's claim cost is drawn in one (draw, year).
@usableFromInline
enum ConditionCost: Sendable {
    /// Always this cost (yuan): the condition's `cost_cv` is 0; no random number is used.
    case fixed(Double)
    /// From this log-normal (the condition's mean and coefficient of variation), by inversion.
    case sampled(LogNormal)
}
