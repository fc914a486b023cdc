import Testing
import Settlement
import PolicyCatalog
import Reporting
@testable import Calibration
import ClaimsFile

/// Reading a claims extract and roster: the public model, and every kind of
/// malformed input reported with file, line, column and the expectation.
@Suite("Extract reading")
struct ExtractReadingTests {
    static let options = ExtractReadOptions(years: 2017...2020, tierIDs: ["basic_insurance", "critical_illness", "medical_assistance", "backstop"])
    static let rosterHeader = "person_id,age,sex,poverty_status,year,household_id"
    static let roster = """
        \(rosterHeader)
        P1,45,female,in_poverty,2018,H1
        P2,70,male,exited_poverty,2018,H1
        P3,8,male,in_poverty,2018,H2
        P1,46,female,exited_poverty,2019,H1

        """
    static let claimsHeader = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee,age,sex,year,basic_insurance"
    static let claims = """
        \(claimsHeader)
        P1,general_outpatient,township,true,true,,85,80,10,45,female,2018,45.00
        P1,inpatient,county,true,true,,10000,8000,,45,female,2018,6545.00
        "P2",chronic_outpatient,county,1,1,HYPERTENSION,1200.5,1000,,70,male,2018,800.00
        P1,major_disease,prefecture,false,true,child_all,79000,79000,,46,female,2019,0

        """

    func read(roster: String = roster, claims: String = claims) throws(ClaimsFileError) -> CalibrationExtract {
        let folder = TemporaryFolder()
        let r = folder.write("roster.csv", roster)
        let c = folder.write("claims.csv", claims)
        return try CalibrationExtract.read(claimsPath: c, rosterPath: r, claimsName: "claims.csv", rosterName: "roster.csv", options: Self.options)
    }

    @Test func goodFilesGiveTheModel() throws {
        let extract = try read()
        #expect(extract.persons == ["P1", "P2", "P3"])
        #expect(extract.households == ["H1", "H2"])
        #expect(extract.personYears.count == 4)
        #expect(extract.personYears[3] == .init(person: 0, year: 2019, age: 46, sex: .female, povertyStatus: .exitedPoverty, household: 0, line: 5))
        #expect(extract.claims.count == 4)
        let co = extract.claims[2]
        #expect(co.personYear == 1 && co.line == 4 && co.setting == .chronicOutpatient && co.inCounty && co.referralCompliant)
        #expect(co.disease == DiseaseCatalog.standard.diseaseIndex(of: "hypertension"))
        #expect(co.totalCost == Money(fen: 120050) && co.policyRangeCost == Money(fen: 100000))
        #expect(extract.claims[0].consultationFee == Money(fen: 1000))
        #expect(extract.claims[3].personYear == 3)
        #expect(extract.recordedTierIDs == ["basic_insurance"])
        #expect(extract.recordedPayment(claim: 1, tier: 0) == Money(fen: 654500))
        #expect(extract.years == 2018...2019)
        #expect(extract.personYears(in: 2018) == [0, 1, 2])
        #expect(extract.claimsFile.rows == 4 && extract.rosterFile.rows == 4)
        #expect(extract.claimsFile.sha256.count == 64 && extract.claimsFile.sha256 != extract.rosterFile.sha256)
    }

    /// A roster without `household_id` leaves every person-year without a household, and an
    /// extract's `household_id` is then not checked against it.
    @Test func rosterWithoutHouseholdsHasNone() throws {
        let roster = Self.roster.split(separator: "\n").map { $0.split(separator: ",").prefix(5).joined(separator: ",") }.joined(separator: "\n")
        let extract = try read(roster: roster, claims: "\(Self.claimsHeader),household_id\nP1,inpatient,county,true,true,,100,90,,45,female,2018,0,H9\n")
        #expect(extract.households.isEmpty)
        #expect(extract.personYears.count == 4 && extract.personYears.allSatisfy { $0.household == nil })
        #expect(extract.claims.count == 1)
    }

    @Test func personYearTotalsAddUpEachPersonYear() throws {
        let totals = try read().personYearTotals()
        #expect(totals.count == 4)
        #expect(totals[0].totalCost == Money(fen: 1_008_500))
        #expect(totals[0].claimsBySetting == [1, 0, 1, 0])
        #expect(totals[0].admissionsByLevel == [0, 1, 0, 0] && totals[0].wasAdmitted)
        #expect(totals[0].recordedPaid == Money(fen: 659_000))
        #expect(totals[0].recordedOutOfPocket == Money(fen: 1_008_500 - 659_000))
        #expect(totals[2].totalCost == .zero && !totals[2].wasAdmitted)   // enrolled, no claims: still counted
        #expect(totals[3].admissionsByLevel == [0, 0, 1, 0])
    }

    // MARK: malformed inputs

    func expectError(roster: String = roster, claims: String = claims, file: String, line: Int, column: String?, contains: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try read(roster: roster, claims: claims)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == file, sourceLocation: sourceLocation)
            #expect(error.line == line, sourceLocation: sourceLocation)
            #expect(error.column == column, sourceLocation: sourceLocation)
            #expect(error.message.contains(contains), "\(error)", sourceLocation: sourceLocation)
        }
    }

    func claims(withRow row: String) -> String { "\(Self.claimsHeader)\n\(row)\n" }
    func roster(withRow row: String) -> String { Self.roster + row + "\n" }

    @Test func claimOfAPersonNotInTheRoster() {
        expectError(claims: claims(withRow: "P9,inpatient,county,true,true,,100,90,,30,male,2018,0"), file: "claims.csv", line: 2,
                    column: "person_id", contains: "is not in the roster roster.csv; expected every claimant to be enrolled")
    }

    @Test func claimInAYearThePersonIsNotEnrolled() {
        expectError(claims: claims(withRow: "P2,inpatient,county,true,true,,100,90,,71,male,2019,0"), file: "claims.csv", line: 2,
                    column: "year", contains: "has no roster row for 2019 in roster.csv (enrolled: 2018)")
    }

    @Test func ageTwoHundred() {
        expectError(roster: roster(withRow: "P4,200,male,in_poverty,2018,H3"), file: "roster.csv", line: 6, column: "age",
                    contains: "expected an age in whole years from 0 to 120, got \"200\"")
        expectError(claims: claims(withRow: "P1,inpatient,county,true,true,,100,90,,200,female,2018,0"), file: "claims.csv", line: 2,
                    column: "age", contains: "expected an age in whole years from 0 to 120, got \"200\"")
    }

    @Test func sexX() {
        expectError(roster: roster(withRow: "P4,20,x,in_poverty,2018,H3"), file: "roster.csv", line: 6, column: "sex",
                    contains: "expected female or male, got \"x\"")
        expectError(claims: claims(withRow: "P1,inpatient,county,true,true,,100,90,,45,x,2018,0"), file: "claims.csv", line: 2,
                    column: "sex", contains: "expected female or male, got \"x\"")
    }

    @Test func yearOutsideTheScenario() {
        expectError(roster: roster(withRow: "P4,20,male,in_poverty,2016,H3"), file: "roster.csv", line: 6, column: "year",
                    contains: "expected a year of the scenario (2017–2020), got \"2016\"")
        expectError(claims: claims(withRow: "P1,inpatient,county,true,true,,100,90,,45,female,2021,0"), file: "claims.csv", line: 2,
                    column: "year", contains: "expected a year of the scenario (2017–2020), got \"2021\"")
    }

    @Test func disagreementsWithTheRoster() {
        expectError(claims: claims(withRow: "P1,inpatient,county,true,true,,100,90,,45,male,2018,0"), file: "claims.csv", line: 2,
                    column: "sex", contains: "male, but the roster says female (roster.csv line 2)")
        expectError(claims: claims(withRow: "P1,inpatient,county,true,true,,100,90,,50,female,2018,0"), file: "claims.csv", line: 2,
                    column: "age", contains: "50, but the roster says 45 (roster.csv line 2); expected the roster's age ± 1")
        expectError(claims: "\(Self.claimsHeader),household_id\nP1,inpatient,county,true,true,,100,90,,45,female,2018,0,H2\n",
                    file: "claims.csv", line: 2, column: "household_id", contains: "but the roster says \"H1\"")
    }

    @Test func rosterProblems() {
        expectError(roster: roster(withRow: "P1,45,female,in_poverty,2018,H1"), file: "roster.csv", line: 6, column: "person_id",
                    contains: "already has a roster row for 2018 (line 2); expected one row per person and year")
        expectError(roster: roster(withRow: "P4,20,male,poor,2018,H3"), file: "roster.csv", line: 6, column: "poverty_status",
                    contains: "expected in_poverty or exited_poverty")
        expectError(roster: roster(withRow: ",20,male,in_poverty,2018,H3"), file: "roster.csv", line: 6, column: "person_id", contains: "empty")
        expectError(roster: roster(withRow: "P4,20,male,in_poverty,2018"), file: "roster.csv", line: 6, column: nil,
                    contains: "5 fields; expected 6 as in the header")
        expectError(roster: "person_id,age,sex,year\nP1,4,male,2018\n", file: "roster.csv", line: 1, column: nil,
                    contains: "the header has no column poverty_status")
        expectError(roster: "", file: "roster.csv", line: 1, column: nil, contains: "the file is empty")
    }

    @Test func claimsContractProblems() {
        let cases: [(String, String?, String)] = [
            ("P1,surgery,county,true,true,,100,90,,45,female,2018,0", "setting", "expected general_outpatient, chronic_outpatient, inpatient or major_disease"),
            ("P1,inpatient,clinic,true,true,,100,90,,45,female,2018,0", "level", "expected township, county, prefecture or provincial"),
            ("P1,inpatient,county,yes,true,,100,90,,45,female,2018,0", "in_county", "expected true or false"),
            ("P1,inpatient,county,true,maybe,,100,90,,45,female,2018,0", "referral_compliant", "expected true or false"),
            ("P1,chronic_outpatient,county,true,true,,100,90,,45,female,2018,0", "disease", "required for chronic_outpatient"),
            ("P1,inpatient,county,true,true,flu,100,90,,45,female,2018,0", "disease", "unknown disease code \"flu\""),
            ("P1,chronic_outpatient,county,true,true,child_all,100,90,,45,female,2018,0", "disease", "expected one of the 28 outpatient diseases"),
            ("P1,major_disease,county,true,true,diabetes,100,90,,45,female,2018,0", "disease", "expected one of the 15 major diseases"),
            ("P1,inpatient,county,true,true,,-5,0,,45,female,2018,0", "total_cost", "expected a non-negative yuan amount"),
            ("P1,inpatient,county,true,true,,100,90.123,,45,female,2018,0", "policy_range_cost", "at most two decimals"),
            ("P1,inpatient,county,true,true,,100,190,,45,female,2018,0", "policy_range_cost", "expected 0 ≤ policy_range_cost ≤ total_cost"),
            ("P1,inpatient,county,true,true,,100,90,5,45,female,2018,0", "consultation_fee", "on general_outpatient claims only"),
            ("P1,general_outpatient,township,true,true,,100,90,95,45,female,2018,0", "consultation_fee", "expected consultation_fee ≤ policy_range_cost"),
            ("P1,inpatient,county,true,true,,100,90,,45,female,2018,x", "basic_insurance", "expected the recorded payment of tier basic_insurance"),
            ("P1,inpatient,county,true,true,,100,90,,45,female,2018", nil, "12 fields; expected 13 as in the header"),
            ("P1,inpatient,county,true,\"tr\"ue,,100,90,,45,female,2018,0", nil, "unexpected character after a closing quote"),
        ]
        for (row, column, message) in cases {
            expectError(claims: claims(withRow: row), file: "claims.csv", line: 2, column: column, contains: message)
        }
        expectError(claims: "person_id,setting\nP1,inpatient\n", file: "claims.csv", line: 1, column: nil, contains: "the header has no column level")
        expectError(claims: "\(Self.claimsHeader),age\n", file: "claims.csv", line: 1, column: "age", contains: "names column age twice")
    }

    @Test func unreadableFiles() {
        let folder = TemporaryFolder()
        let r = folder.write("roster.csv", Self.roster)
        #expect(throws: ClaimsFileError.self) {
            _ = try CalibrationExtract.read(claimsPath: folder.path("missing.csv"), rosterPath: r, options: Self.options)
        }
        do {
            _ = try CalibrationExtract.read(claimsPath: folder.url.path, rosterPath: r, options: Self.options)
            Issue.record("a folder was read")
        } catch {
            #expect(error.isUnreadable && error.message == "is a folder; expected a claims extract", "\(error)")
        }
    }
}
