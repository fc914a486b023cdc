import Testing
import Settlement
@testable import ClaimsFile

@Suite("Claims file validation")
struct ClaimsFileValidationTests {
    static let header = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee"
    static let goodRow = "P1,inpatient,county,true,true,,10000,8000,"

    /// Parses a file whose line 3 is `row` (line 2 is a good row).
    func parse(row: String, header: String = header) throws(ClaimsFileError) -> ClaimsFile {
        try ClaimsFile(name: "claims.csv", text: "\(header)\n\(Self.goodRow)\n\(row)\n", defaultYear: 2017)
    }

    func expectError(row: String, header: String = header, line: Int = 3, column: String?, messageContains: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(row: row, header: header)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == "claims.csv", sourceLocation: sourceLocation)
            #expect(error.line == line, sourceLocation: sourceLocation)
            #expect(error.column == column, sourceLocation: sourceLocation)
            #expect(error.message.contains(messageContains), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func goodFileParses() throws {
        let file = try parse(row: "P2,general_outpatient,township,1,0,hypertension,85.50,80,10")
        #expect(file.records.count == 2)
        let claim = file.records[1].claim
        #expect(claim.setting == .generalOutpatient)
        #expect(claim.level == .township)
        #expect(claim.inCounty && !claim.referralCompliant)
        #expect(claim.totalCost == Money(fen: 8550))
        #expect(claim.consultationFee == Money(yuan: 10))
        #expect(file.records[1].year == 2017)
        #expect(file.records[1].line == 3)
    }

    @Test func negativeCost() {
        expectError(row: "P1,inpatient,county,true,true,,-5,0,", column: "total_cost",
                    messageContains: "expected a non-negative yuan amount with at most two decimals, got \"-5\"")
    }

    @Test func negativeCostMessageIsExact() throws {
        #expect(throws: ClaimsFileError(file: "claims.csv", line: 3, column: "total_cost",
                                        message: "expected a non-negative yuan amount with at most two decimals, got \"-5\"")) {
            try parse(row: "P1,inpatient,county,true,true,,-5,0,")
        }
        let error = ClaimsFileError(file: "claims.csv", line: 7, column: "total_cost", message: "expected x, got \"-5\"")
        #expect(error.description == "claims.csv:7: column total_cost: expected x, got \"-5\"")
    }

    @Test func policyRangeAboveTotal() {
        expectError(row: "P1,inpatient,county,true,true,,100,100.01,", column: "policy_range_cost", messageContains: "expected at most total_cost (100.00)")
    }

    @Test func unknownSetting() {
        expectError(row: "P1,outpatient,county,true,true,,100,100,", column: "setting", messageContains: "expected one of general_outpatient, chronic_outpatient, inpatient, major_disease, got \"outpatient\"")
    }

    @Test func unknownLevel() {
        expectError(row: "P1,inpatient,city,true,true,,100,100,", column: "level", messageContains: "got \"city\"")
    }

    @Test func unknownDisease() {
        expectError(row: "P1,chronic_outpatient,county,true,true,gout,100,100,", column: "disease", messageContains: "expected a disease code of the catalog")
    }

    @Test func missingDiseaseOnMajorDisease() {
        expectError(row: "P1,major_disease,county,true,true,,100,100,", column: "disease", messageContains: "expected a disease code for a major_disease claim")
    }

    @Test func missingColumn() {
        let header = "person_id,setting,level,in_county,referral_compliant,disease,total_cost"
        do {
            _ = try ClaimsFile(name: "claims.csv", text: "\(header)\nP1,inpatient,county,true,true,,100\n", defaultYear: 2017)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == "policy_range_cost")
            #expect(error.message.contains("missing from the header"))
        }
    }

    @Test func badBoolean() {
        expectError(row: "P1,inpatient,county,yes,true,,100,100,", column: "in_county", messageContains: "expected true, false, 1 or 0, got \"yes\"")
    }

    @Test func threeDecimals() {
        expectError(row: "P1,inpatient,county,true,true,,100.005,100,", column: "total_cost", messageContains: "at most two decimals, got \"100.005\"")
    }

    @Test func tooFewAndTooManyFields() {
        expectError(row: "P1,inpatient,county,true,true,,100", column: "policy_range_cost", messageContains: "expected 9 fields as in the header, got 7")
        expectError(row: "P1,inpatient,county,true,true,,100,100,,extra", column: "#10", messageContains: "expected 9 fields as in the header, got 10")
    }

    @Test func consultationFeeRules() {
        expectError(row: "P1,inpatient,county,true,true,,100,100,5", column: "consultation_fee", messageContains: "general_outpatient only")
        expectError(row: "P1,general_outpatient,county,true,true,,100,50,60", column: "consultation_fee", messageContains: "expected at most policy_range_cost (50.00)")
    }

    @Test func emptyPersonAndBadYear() {
        expectError(row: ",inpatient,county,true,true,,100,100,", column: "person_id", messageContains: "non-empty person id")
        let header = Self.header + ",year"
        do {
            _ = try ClaimsFile(name: "claims.csv", text: "\(header)\nP1,inpatient,county,true,true,,100,100,,17\n", defaultYear: 2017)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == "year")
        }
    }

    @Test func errorLineCountsEmbeddedNewlines() {
        // The note of line 3 spans two physical lines; the bad row is on line 5.
        let text = "\(Self.header),note\n\(Self.goodRow),ok\nP1,inpatient,county,true,true,,1,1,,\"two\nlines\"\nP2,inpatient,county,true,true,,x,1,,\n"
        #expect(throws: ClaimsFileError(file: "c.csv", line: 5, column: "total_cost",
                                        message: "expected a non-negative yuan amount with at most two decimals, got \"x\"")) {
            try ClaimsFile(name: "c.csv", text: text, defaultYear: 2017)
        }
    }

    @Test func duplicateColumnAndEmptyFile() {
        #expect(throws: ClaimsFileError.self) { try ClaimsFile(name: "c.csv", text: "", defaultYear: 2017) }
        let error = #expect(throws: ClaimsFileError.self) {
            try ClaimsFile(name: "c.csv", text: Self.header + ",setting\n", defaultYear: 2017)
        }
        #expect(error?.column == "setting")
        #expect(error?.line == 1)
    }

    @Test func extensionColumns() throws {
        let text = Self.header + ",poverty_status,welfare_category\n" + Self.goodRow + ",exited_poverty,extreme_poverty\n" + Self.goodRow + ",,\n"
        let file = try ClaimsFile(name: "c.csv", text: text, defaultYear: 2017)
        #expect(file.records[0].claim.povertyStatus == .exitedPoverty)
        #expect(file.records[0].claim.welfareCategory == .extremePoverty)
        #expect(file.records[1].claim.povertyStatus == .inPoverty)
        #expect(file.records[1].claim.welfareCategory == .registeredPoor)
        let bad = #expect(throws: ClaimsFileError.self) {
            try ClaimsFile(name: "c.csv", text: Self.header + ",poverty_status\n" + Self.goodRow + ",poor\n", defaultYear: 2017)
        }
        #expect(bad?.column == "poverty_status")
    }
}
