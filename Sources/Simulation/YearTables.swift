import Foundation
import RandomStreams
import Settlement

/// Every rate and cost of the model resolved for one (draw, year): the
/// distributions the person loop samples from, built once, not per person.
public struct YearTables: Sendable {
    /// Visits per person-year by age group.
    @usableFromInline let visits: [Poisson]
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
    @usableFromInline let anyCondition: [Double]
    /// P(condition d | none of the earlier ones, at least one of d and later): p_d / T_d.
    @usableFromInline let firstHit: [Double]
    @usableFromInline let probability: [Double]
    @usableFromInline let conditionCost: [LogNormal]
    @usableFromInline let conditionFixedCost: [Double]
    @usableFromInline let conditionPolicyShare: [Double]

    /// Resolves the model for a year with one draw's parameter values.
    public init(model: SimulationModel, parameters p: DrawnParameters, year: Int) {
        let inflation = pow(1 + p[model.costGrowth], Double(year - model.costBaseYear))
        let go = model.generalOutpatient
        visits = go.visitsPerYear.map { Poisson(mean: max(0, p[$0])) }
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
        var any: [Double] = []
        var first: [Double] = []
        var prob: [Double] = []
        for group in AgeGroup.allCases {
            for sex in 0..<2 {
                let row = conditions.map { c in min(1, max(0, p[c.annualProbability[group.rawValue]] * p[c.sexFactor[sex]])) }
                // Tail probabilities T_d = 1 − Π_{j ≥ d} (1 − p_j), from the last condition back.
                var tail = [Double](repeating: 0, count: row.count + 1)
                var none = 1.0
                for d in stride(from: row.count - 1, through: 0, by: -1) {
                    none *= 1 - row[d]
                    tail[d] = 1 - none
                }
                any.append(tail.first ?? 0)
                for d in row.indices { first.append(tail[d] > 0 ? row[d] / tail[d] : 0) }
                prob.append(contentsOf: row)
            }
        }
        anyCondition = any
        firstHit = first
        probability = prob
        conditionCost = conditions.map { LogNormal(mean: max(p[$0.costMean], 0.01) * inflation, coefficientOfVariation: max(p[$0.costCV], 1e-6)) }
        conditionFixedCost = conditions.map { p[$0.costCV] <= 0 ? p[$0.costMean] * inflation : -1 }
        conditionPolicyShare = conditions.map { min(1, max(0, p[$0.policyRangeShare])) }
    }
}
