import Testing
import Scenario
@testable import Calibration

/// Categories with too few observations take the base value times the pooled
/// adjustment, and the source says so; with a lower threshold they are fitted.
@Suite("Fallback of sparse categories")
struct FallbackTests {
    @Test func sparseLevelFallsBackToBaseTimesPooledRatio() throws {
        let base = RecoveryTests.base
        let extract = SyntheticCounty.extract(people: 1500, seed: 77, replicate: 0)
        let provincial = extract.claims.filter { $0.setting == .inpatient && $0.level == .provincial }.count
        #expect(provincial > 0 && provincial < 30)
        let result = try CountyCalibration.fit(extract, base: base)
        let costMean = try #require(result.quantities.first { $0.path == "inpatient.cost_mean" })
        #expect(costMean.fellBack == [false, false, false, true] || costMean.fellBack == [false, false, true, true])
        // The pooled ratio: Σ cost / Σ base mean of the admission's level, over all admissions.
        let baseMeans = base.values(base.model.inpatient.costMean)
        var observed = 0.0, expected = 0.0
        for c in extract.claims where c.setting == .inpatient && c.disease == nil {
            observed += c.totalCost.yuan
            expected += baseMeans[c.level.rawValue]
        }
        #expect(abs(costMean.values[3] - baseMeans[3] * observed / expected) < 1e-6 * baseMeans[3])
        #expect(costMean.source.contains("provincial: fewer than 30 admissions, so base value × "))
        #expect(costMean.source.contains("fitted/base over all levels' admissions"))
        // With a threshold of 1 the same level is fitted from its own admissions.
        let loose = try CountyCalibration.fit(extract, base: base, settings: CalibrationSettings(minimumObservations: 1))
        #expect(loose.quantities.first { $0.path == "inpatient.cost_mean" }!.fellBack == [false, false, false, false])
    }

    @Test func conditionWithoutCasesTakesTheSettingsRatio() throws {
        let result = try CountyCalibration.fit(SyntheticCounty.extract(people: 3000, seed: 5, replicate: 1), base: RecoveryTests.base)
        let diabetes = try #require(result.conditions.first { $0.disease == "diabetes" })
        let probability = try #require(diabetes.quantities.first { $0.path == "conditions.diabetes.annual_probability" })
        #expect(probability.fellBack == [true, true, true])
        #expect(probability.source.hasPrefix("base value × "))
        #expect(probability.source.contains("fitted/base over every chronic_outpatient condition"))
        #expect(probability.source.contains("fitted from claims.csv (sha256 "))
    }

    @Test func tableUncertaintyIsItsLargestRelativeError() {
        let q = FittedQuantity(path: "inpatient.admissions_per_year", shape: .table, keys: ["children", "adults", "elderly"],
                               values: [0.1, 0.2, 0.4], standardErrors: [0.02, 0.01, 0.01], observations: [100, 100, 100],
                               fellBack: [false, false, false], unit: "per_person_year", distribution: .gamma, source: "x")
        #expect(q.uncertaintyCV == 0.2)
        #expect(abs(q.reportedStandardDeviation(2) - 0.08) < 1e-12)
        // A beta's cv stays below what a beta of each entry's mean allows.
        let b = FittedQuantity(path: "inpatient.compliant_in_county", shape: .scalar, keys: ["value"], values: [0.99],
                               standardErrors: [0.5], observations: [10], fellBack: [false], unit: "probability", distribution: .beta, source: "x")
        #expect(b.uncertaintyCV! < (0.01 / 0.99).squareRoot())
    }
}
