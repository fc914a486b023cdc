import Foundation
import Testing
import FundsimTestSupport

/// `fundsim calibrate --check-rules`, the fit report after a fit, and `--targets`, through the binary.
@Suite("calibrate: rules check, fit report, targets")
struct CalibrateChecksCommandTests {
    static let claimsHeader = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,age,sex,year"

    /// 60 people of one county in 2018, a third with an admission or a visit.
    static func extract() -> (claims: String, roster: String) {
        var claims = claimsHeader + "\n"
        var roster = "person_id,age,sex,poverty_status,year\n"
        for i in 0..<60 {
            let age = 5 + (i * 7) % 80
            let sex = i % 2 == 0 ? "female" : "male"
            roster += "P\(i),\(age),\(sex),in_poverty,2018\n"
            if i % 3 == 0 { claims += "P\(i),inpatient,county,true,true,,\(3000 + 97 * i),\(2700 + 80 * i),\(age),\(sex),2018\n" }
            if i % 3 == 1 { claims += "P\(i),general_outpatient,township,true,true,,\(80 + i),\(70 + i),\(age),\(sex),2018\n" }
        }
        return (claims, roster)
    }

    @Test func rulesCheckAloneFindsAnAlteredRatioAndAgreesOtherwise() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.extract().claims.write(to: folder.appendingPathComponent("claims.csv"), atomically: true, encoding: .utf8)
        // Recorded payments: the extract settled with the county inpatient ratio 0.80 (the scenario has 0.85).
        try """
            extends: yunnan-2017
            scenario: {id: altered, title: "county ratio 0.80"}
            set:
              tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county: {value: 0.80, source: "test"}
            """.write(to: folder.appendingPathComponent("altered.yaml"), atomically: true, encoding: .utf8)
        let settled = try FundsimRunner.run(["settle", "--claims", "claims.csv", "--scenario", "altered.yaml", "--out", "altered.csv"], in: folder)
        #expect(settled.status == 0, "\(settled.stderr)")
        let altered = try FundsimRunner.run(["calibrate", "--check-rules", "--claims", "altered.csv"], in: folder)
        #expect(altered.status == 0, "\(altered.stderr)")
        #expect(altered.stdout.contains("20 differ"), "\(altered.stdout)")
        #expect(altered.stdout.contains("basic_insurance [inpatient_compliant]: 0.85 ×"))
        #expect(try FundsimRunner.run(["settle", "--claims", "claims.csv", "--out", "same.csv"], in: folder).status == 0)
        let same = try FundsimRunner.run(["calibrate", "--check-rules", "--claims", "same.csv"], in: folder)
        #expect(same.status == 0 && same.stdout.contains("every recorded payment agrees"), "\(same.stdout)\(same.stderr)")
        // Without recorded payments: refused, naming the file.
        let none = try FundsimRunner.run(["calibrate", "--check-rules", "--claims", "claims.csv"], in: folder)
        #expect(none.status == 2 && none.stderr.contains("claims.csv:1: records no payment"), "\(none.stderr)")
    }

    @Test func aFitWritesTheFitReportBesideTheOverlay() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (claims, roster) = Self.extract()
        try claims.write(to: folder.appendingPathComponent("claims.csv"), atomically: true, encoding: .utf8)
        try roster.write(to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
        let result = try FundsimRunner.run(["calibrate", "--claims", "claims.csv", "--roster", "roster.csv", "--county", "kunming.wuhua",
                                            "--out", "fitted.yaml", "--fit-draws", "4", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("calibration.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        #expect(rows.first == "statistic,unit,observed,simulated_mean,simulated_lower,simulated_upper,inside,draws")
        #expect(rows.count == 1 + 22)
        // Observed values are the extract's: 20 of 60 person-years admitted.
        #expect(rows.contains { $0.hasPrefix("share_admitted,share,0.333333,") }, "\(csv)")
        #expect(rows.contains { $0.hasPrefix("share_in_poverty,share,1,") }, "\(csv)")
        #expect(result.stdout.contains("statistics inside the simulated 95% interval (4 draws)"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("calibration.txt").path))
    }

    @Test func targetsFitWritesAnOverlayAndMalformedTargetsWriteNothing() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            target,value,unit,source
            admission_rate,0.2,per_person_year,test
            oop_share,2,share,test
            """.write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try FundsimRunner.run(["calibrate", "--targets", "bad.csv", "--county", "kunming.wuhua", "--out", "t.yaml"], in: folder)
        #expect(bad.status == 2 && bad.stderr.contains("bad.csv:3: column value:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.yaml").path))
        try """
            target,value,unit,source,weight
            admission_rate,0.25,per_person_year,test,1
            backstop_per_person,90,yuan_per_person_year,test,1
            """.write(to: folder.appendingPathComponent("targets.csv"), atomically: true, encoding: .utf8)
        let good = try FundsimRunner.run(["calibrate", "--targets", "targets.csv", "--county", "kunming.wuhua", "--out", "t.yaml",
                                          "--target-draws", "2", "--max-evaluations", "5", "--quiet"], in: folder)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("admissions ×"))
        let overlay = try String(contentsOf: folder.appendingPathComponent("t.yaml"), encoding: .utf8)
        #expect(overlay.contains("extends: \"yunnan-2017\"") && overlay.contains("fitted to targets targets.csv (sha256 "))
        let fit = try String(contentsOf: folder.appendingPathComponent("targets-fit.csv"), encoding: .utf8)
        #expect(fit.split(separator: "\n").count == 1 + 2 + 3)
        let validate = try FundsimRunner.run(["validate", "t.yaml"], in: folder)
        #expect(validate.status == 0, "\(validate.stderr)")
        // Mixing modes is a usage error.
        let mixed = try FundsimRunner.run(["calibrate", "--targets", "targets.csv", "--claims", "x.csv", "--out", "t.yaml"], in: folder)
        #expect(mixed.status == 64)
    }
}
