import Testing
import Settlement
@testable import ClaimsFile

/// The row validation of POLICY.md section 10: every malformed-row test of the
/// reader this replaced, with the same file, line, column and message, plus the
/// contract added since (case rule, disease lists, horizon, maximum amount).
@Suite("Claims file validation")
struct ClaimsFileValidationTests {
    static let header = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee"
    static let goodRow = "P1,inpatient,county,true,true,,10000,8000,"

    /// Settles a file whose line 3 is `row` (line 2 is a good row).
    func parse(row: String, header: String = header, explain: Bool = false) throws -> Settle.Output {
        try Settle.run("\(header)\n\(Self.goodRow)\n\(row)\n", name: "claims.csv", explain: explain)
    }

    func expectError(row: String, header: String = header, line: Int = 3, column: String?, messageContains: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = Settle.error("\(header)\n\(Self.goodRow)\n\(row)\n", name: "claims.csv") else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        #expect(error.file == "claims.csv", sourceLocation: sourceLocation)
        #expect(error.line == line, sourceLocation: sourceLocation)
        #expect(error.column == column, sourceLocation: sourceLocation)
        #expect(error.message.contains(messageContains), "\(error)", sourceLocation: sourceLocation)
    }

    @Test func goodFileParses() throws {
        let out = try parse(row: "P2,general_outpatient,township,1,0,hypertension,85.50,80,10", explain: true)
        #expect(out.summary.claims == 2)
        #expect(out.explanation.contains("line 3 person P2 year 2017: general_outpatient township compliant in-county hypertension, total 85.50, policy range 80.00, consultation fee 10.00\n"))
    }

    @Test func negativeCost() {
        expectError(row: "P1,inpatient,county,true,true,,-5,0,", column: "total_cost",
                    messageContains: "expected a non-negative yuan amount with at most two decimals, got \"-5\"")
    }

    @Test func negativeCostMessageIsExact() throws {
        #expect(Settle.error("\(Self.header)\n\(Self.goodRow)\nP1,inpatient,county,true,true,,-5,0,\n", name: "claims.csv")
                == ClaimsFileError(file: "claims.csv", line: 3, column: "total_cost",
                                   message: "expected a non-negative yuan amount with at most two decimals, got \"-5\""))
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
        let error = Settle.error("\(header)\nP1,inpatient,county,true,true,,100\n", name: "claims.csv")
        #expect(error?.line == 1)
        #expect(error?.column == "policy_range_cost")
        #expect(error?.message.contains("missing from the header") == true)
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
        let error = Settle.error(Self.header + ",year\nP1,inpatient,county,true,true,,100,100,,17\n", name: "claims.csv")
        #expect(error?.line == 2)
        #expect(error?.column == "year")
    }

    @Test func errorLineCountsEmbeddedNewlines() {
        // The note of line 3 spans two physical lines; the bad row is on line 5.
        let text = "\(Self.header),note\n\(Self.goodRow),ok\nP1,inpatient,county,true,true,,1,1,,\"two\nlines\"\nP2,inpatient,county,true,true,,x,1,,\n"
        #expect(Settle.error(text) == ClaimsFileError(file: "c.csv", line: 5, column: "total_cost",
                                                      message: "expected a non-negative yuan amount with at most two decimals, got \"x\""))
    }

    @Test func duplicateColumnAndEmptyFile() {
        #expect(Settle.error("") != nil)
        let error = Settle.error(Self.header + ",setting\n")
        #expect(error?.column == "setting")
        #expect(error?.line == 1)
    }

    @Test func extensionColumns() throws {
        let text = Self.header + ",poverty_status,welfare_category\n" + Self.goodRow + ",exited_poverty,extreme_poverty\n" + Self.goodRow + ",,\n"
        let out = try Settle.run(text, explain: true)
        #expect(out.explanation.contains("line 2 person P1 year 2017: inpatient county compliant in-county exited_poverty extreme_poverty, total"))
        #expect(out.explanation.contains("line 3 person P1 year 2017: inpatient county compliant in-county, total"))
        let bad = Settle.error(Self.header + ",poverty_status\n" + Self.goodRow + ",poor\n")
        #expect(bad?.column == "poverty_status")
    }

    // MARK: - Contract added with the streaming reader (issue 15, item 0)

    /// One rule for every enumerated value: ASCII letter case is ignored, so
    /// spreadsheet `TRUE` and `County` are read like `true` and `county`; the
    /// output carries the cells through as written.
    @Test func enumeratedValuesIgnoreLetterCase() throws {
        let lower = try Settle.run("\(Self.header)\nP1,chronic_outpatient,county,true,false,esrd,100,100,\nP2,general_outpatient,township,1,0,,50,40,5\n")
        let upper = try Settle.run("\(Self.header)\nP1,CHRONIC_Outpatient,COUNTY,TRUE,False,ESRD,100,100,\nP2,General_Outpatient,Township,1,0,,50,40,5\n")
        let tiers = { (out: Settle.Output) in out.text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(5) } }
        #expect(tiers(lower) == tiers(upper))
        #expect(upper.text.contains("P1,CHRONIC_Outpatient,COUNTY,TRUE,False,ESRD,"))
        let poverty = try Settle.run(Self.header + ",poverty_status,welfare_category\n" + Self.goodRow + ",Exited_Poverty,EXTREME_POVERTY\n", explain: true)
        #expect(poverty.explanation.contains("exited_poverty extreme_poverty"))
        // Letters only: other spellings are still refused.
        expectError(row: "P1,inpatient,county,ｔｒｕｅ,true,,100,100,", column: "in_county", messageContains: "expected true, false, 1 or 0")
        expectError(row: "P1,in-patient,county,true,true,,100,100,", column: "setting", messageContains: "got \"in-patient\"")
    }

    @Test func chronicOutpatientNeedsOneOfThe28() {
        expectError(row: "P1,chronic_outpatient,county,true,true,cataract,100,100,", column: "disease",
                    messageContains: "expected one of the 28 outpatient diseases (门诊28种, list outpatient_28 of `fundsim diseases`) for a chronic_outpatient claim, got \"cataract\"")
        expectError(row: "P1,chronic_outpatient,county,true,true,chd_vsd,100,100,", column: "disease", messageContains: "one of the 28")
    }

    @Test func majorDiseaseNeedsOneOfThe15() {
        expectError(row: "P1,major_disease,county,true,true,hypertension,100,100,", column: "disease",
                    messageContains: "expected one of the 15 major diseases (大病, list major_15 of `fundsim diseases`) for a major_disease claim, got \"hypertension\"")
    }

    @Test func yearsOutsideTheHorizonAreRefused() {
        for year in ["0000", "2016", "2021", "2030"] {
            let error = Settle.error(Self.header + ",year\n" + Self.goodRow + ",2017\n" + Self.goodRow + ",\(year)\n")
            #expect(error == ClaimsFileError(file: "c.csv", line: 3, column: "year", message: "expected a year of the scenario's horizon 2017–2020, got \"\(year)\""))
        }
    }

    /// The issue's reproducers: each refused with the file, line and column.
    @Test func amountsAboveTheMaximumAreRefused() throws {
        let max = ClaimsFileSettler.maximumAmount
        #expect(max == Money(fen: 100_000_000_000))
        for (row, column) in [
            ("P1,inpatient,county,true,true,,97100000000.00,97100000000.00,", "total_cost"),
            ("P1,inpatient,provincial,false,true,,999999999999.99,999999999999.99,", "total_cost"),
            ("P1,general_outpatient,township,true,true,,185000000000,1,", "total_cost"),
            ("P1,inpatient,county,true,true,,100,1000000000.01,", "policy_range_cost"),
            ("P1,general_outpatient,county,true,true,,10,5,0000000000001000000000.01", "consultation_fee"),
        ] {
            expectError(row: row, column: column, messageContains: "expected at most 1000000000.00 yuan (the largest amount a claims file may hold), got")
        }
        // The maximum itself settles, with the books balanced to the fen.
        let out = try parse(row: "P9,inpatient,provincial,false,true,,1000000000.00,1000000000,")
        let last = out.text.split(separator: "\n").last!.split(separator: ",").suffix(5).map { Int64($0.replacingOccurrences(of: ".", with: ""))! }
        #expect(last.reduce(0, +) == max.fen)
        #expect(last.allSatisfy { $0 >= 0 })
    }

    /// A 5 MB bad field is cut to its first 64 characters in the message.
    @Test func longFieldsAreCutInMessages() throws {
        let huge = String(repeating: "x", count: 5 << 20)
        let error = try #require(Settle.error("\(Self.header)\n\(Self.goodRow)\nP1,\(huge),county,true,true,,100,100,\n"))
        #expect(error.column == "setting")
        #expect(error.message.utf8.count < 300)
        #expect(error.message.hasSuffix("got \"\(String(repeating: "x", count: 64))…\" (5242880 bytes in all)"))
        let short = Settle.error("\(Self.header)\n\(Self.goodRow)\nP1,\(String(repeating: "y", count: 64)),county,true,true,,100,100,\n")
        #expect(short?.message.hasSuffix("got \"\(String(repeating: "y", count: 64))\"") == true)
        // A very long header name is cut too.
        let longName = String(repeating: "n", count: 100_000)
        let duplicate = Settle.error("\(Self.header),\(longName),\(longName)\n")
        #expect(duplicate?.column?.count == 65)
    }
}
