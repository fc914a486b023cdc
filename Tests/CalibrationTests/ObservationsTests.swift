import Testing
import Settlement
import PolicyCatalog
@testable import Calibration

/// What the overlay reports but does not set (persistence across consecutive
/// years), the household sizes it sets, and the deflation of costs to the base year.
@Suite("Observations and deflation")
struct ObservationsTests {
    /// Two years of 200 people in households of 4; the first 100 have hypertension in 2018, of whom
    /// the first 40 again in 2019 (and 10 new people in 2019).
    static func twoYears() -> CalibrationExtract {
        var rows: [CalibrationExtract.PersonYear] = []
        var claims: [CalibrationExtract.ClaimRecord] = []
        let hypertension = DiseaseCatalog.standard.diseaseIndex(of: "hypertension")!
        for (y, year) in [2018, 2019].enumerated() {
            for p in 0..<200 {
                rows.append(.init(person: Int32(p), year: year, age: 40 + y, sex: p % 2 == 0 ? .female : .male, povertyStatus: .inPoverty,
                                  household: Int32(p / 4), line: rows.count + 2))
                let ill = year == 2018 ? p < 100 : (p < 40 || (p >= 150 && p < 160))
                if ill {
                    claims.append(.init(personYear: Int32(rows.count - 1), line: claims.count + 2, setting: .chronicOutpatient, level: .county,
                                        inCounty: true, referralCompliant: true, disease: hypertension, totalCost: Money(fen: 100_000),
                                        policyRangeCost: Money(fen: 90_000), consultationFee: .zero))
                }
            }
        }
        let file = CitedFile(name: "x.csv", sha256: String(repeating: "0", count: 64), rows: 0)
        return CalibrationExtract(claimsFile: file, rosterFile: file, persons: (0..<200).map { "P\($0)" },
                                  households: (0..<50).map { "H\($0)" }, personYears: rows, claims: claims)
    }

    @Test func persistenceAndHouseholdsAreReported() throws {
        let result = try CountyCalibration.fit(Self.twoYears(), base: RecoveryTests.base)
        #expect(result.observations.contains("persistence of hypertension: 40 of 100 case-years followed by one the next year (0.400 ± 0.049)"),
                "\(result.observations)")
        // The structure of the roster's first year is set, not only reported: 50 households of 4, everyone 40.
        #expect(result.structure.householdSizeShares == [0, 0, 0, 1] && result.structure.households == 50 && result.structure.people == 200)
        let band = RecoveryTests.base.model.population.ageBandLowerBounds.lastIndex { $0 <= 40 }!
        #expect(result.structure.ageSexShares[0][band] == 0.5 && result.structure.ageSexShares[1][band] == 0.5)
        let writer = OverlayWriter(result: result, extends: "yunnan-2017", baseTitle: "t", baseHasCountyOverrides: false, baseHasCohort: true,
                                   programVersion: "test")
        #expect(writer.text.contains("household_sizes: {shares: {4: 1}, unit: share, source: \"fitted from x.csv (sha256 "))
        #expect(writer.text.contains("n = 50 households in 2018): share of households by people enrolled\", uncertainty: {distribution: dirichlet, concentration: 50}}"))
        #expect(result.observations.contains("2019: 200 people enrolled, 100.0% in poverty (未脱贫)"))
        #expect(result.registeredPoor.count == 200 && result.registeredPoor.year == 2018)
    }

    @Test func costsAreDeflatedToTheBaseYear() throws {
        let base = RecoveryTests.base
        #expect(base.model.costBaseYear == 2018)
        let g = base.costGrowth
        let in2018 = try CountyCalibration.fit(SyntheticCounty.extract(people: 2000, seed: 9, replicate: 0, year: 2018), base: base)
        let in2020 = try CountyCalibration.fit(SyntheticCounty.extract(people: 2000, seed: 9, replicate: 0, year: 2020), base: base)
        let visit = { (r: CalibrationResult) in r.quantities.first { $0.path == "general_outpatient.cost_per_visit" }!.values[0] }
        // The same claims written as 2020's: their cost in 2018 prices is divided by (1 + g)².
        #expect(abs(visit(in2020) - visit(in2018) / ((1 + g) * (1 + g))) < 1e-9 * visit(in2018))
        let rate = { (r: CalibrationResult) in r.quantities.first { $0.path == "inpatient.admissions_per_year" }!.values }
        #expect(rate(in2020) == rate(in2018))   // counts are not deflated
    }
}
