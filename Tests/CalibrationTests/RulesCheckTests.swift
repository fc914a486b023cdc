import Foundation
@testable import Calibration
import ClaimsFile
import Scenario
import Testing

/// A small claims extract: 40 people, a few claims each, every setting and level, a quoted
/// note with a line break on some rows (so that lines and rows differ).
func smallExtract(seed: UInt64 = 1) -> String { smallExtractCounting(seed: seed).text }

/// The extract and its number of compliant inpatient claims at county level (all in county, all
/// with a policy range above the 300 deductible).
func smallExtractCounting(seed: UInt64 = 1) -> (text: String, countyCompliantAdmissions: Int) {
    var count = 0
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    let levels = ["township", "county", "prefecture", "provincial"]
    var text = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,year,note\n"
    for person in 0..<40 {
        for _ in 0..<(1 + next(4)) {
            let level = levels[next(4)]
            let inCounty = level == "township" || level == "county"
            let compliant = next(10) < 8
            var setting = "inpatient", disease = "", total = 500 + next(40_000)
            switch next(6) {
            case 0: setting = "general_outpatient"; total = 20 + next(300)
            case 1: setting = "chronic_outpatient"; disease = "diabetes"; total = 100 + next(3000)
            default: break
            }
            let policy = total * (80 + next(21)) / 100
            if setting == "inpatient" && level == "county" && compliant { count += 1 }
            let note = next(5) == 0 ? "\"first line\nsecond line\"" : "plain"
            text += "P\(person),\(setting),\(level),\(inCounty),\(compliant),\(disease),\(total).\(next(100) < 10 ? "0" : "")\(next(10)),\(policy),2017,\(note)\n"
        }
    }
    return (text, count)
}

/// The extract settled with a scenario (with `--set` overrides): every input column, then the tier columns and
/// `out_of_pocket`, i.e. an extract that records what each tier paid under those rules.
func recordedExtract(_ extract: String, overrides: [ParameterOverride] = []) throws -> String {
    let scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: overrides)
    let sink = MemorySink()
    try ClaimsFileSettler(plan: scenario.plan, years: scenario.years)
        .settle(name: "extract.csv", from: MemorySource(Array(extract.utf8)), csv: sink)
    return sink.text
}

func check(_ text: String, overrides: [ParameterOverride] = [], examples: Int = 3) throws -> RulesCheck {
    let scenario = try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: overrides)
    let settlement = ExtractSettlement(settler: try ClaimsFileSettler(plan: scenario.plan, years: scenario.years))
    return try RulesCheck(name: "extract.csv", settlement: settlement, open: { MemorySource(Array(text.utf8), chunk: 97) },
                          exampleCount: examples)
}

@Suite("Rules check")
struct RulesCheckTests {
    @Test func agreesWhenTheRulesAreTheScenarios() throws {
        let result = try check(try recordedExtract(smallExtract()))
        #expect(result.claims > 40)
        #expect(result.comparedClaims == result.claims)
        #expect(result.differingClaims == 0 && result.agrees)
        #expect(result.examples.isEmpty)
        #expect(result.text.contains("every recorded payment agrees"))
    }

    /// Recorded payments made with the county inpatient ratio 0.80 instead of 0.85: the check finds
    /// the compliant in-county county-level admissions, basic insurance's settled amount is the larger,
    /// and the first example is such a claim, named by its line (after multi-line notes) and explained.
    @Test func findsAnAlteredRatio() throws {
        let (extract, countyAdmissions) = smallExtractCounting()
        let altered = [ParameterOverride(path: "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county", value: "0.80")]
        let result = try check(try recordedExtract(extract, overrides: altered))
        #expect(!result.agrees)
        let basic = try #require(result.columns.first { $0.id == "basic_insurance" })
        #expect(basic.claims > 0 && basic.difference > 0)
        let example = try #require(result.examples.first)
        #expect(example.explanation.hasPrefix("line \(example.line) person \(example.personID) year 2017: inpatient county compliant in-county"))
        #expect(example.explanation.contains("basic_insurance [inpatient_compliant]: 0.85 ×"))
        // The example's line in the file is a county, compliant inpatient claim of that person.
        let lines = extract.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[example.line - 1].hasPrefix("\(example.personID),inpatient,county,true,true,"))
        // Every compliant in-county county admission with a positive base differs in basic insurance, and only those do.
        #expect(basic.claims == countyAdmissions)
        #expect(result.text.contains("differ (in \(result.affectedPersonYears) person-years)"))
        // The same file checked against the altered rules agrees.
        #expect(try check(try recordedExtract(extract, overrides: altered), overrides: altered).agrees)
    }

    @Test func aRecordedAmountThatIsNotOneNamesLineAndColumn() throws {
        var rows = try recordedExtract("person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,year\nP1,inpatient,county,true,true,,1000,900,2017\nP1,inpatient,county,true,true,,1000,900,2017\n")
            .split(separator: "\n").map(String.init)
        var fields = rows[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields.count == 14)
        fields[9] = "12.345"  // basic_insurance
        rows[2] = fields.joined(separator: ",")
        do {
            _ = try check(rows.joined(separator: "\n") + "\n")
            Issue.record("accepted a recorded amount with three decimals")
        } catch let error as ClaimsFileError {
            #expect(error.line == 3 && error.column == "basic_insurance" && error.message.contains("at most two decimals"))
        }
    }

    /// The header is found after blank lines and read by the claims scanner (quoted names too), so its
    /// recorded columns are renamed and the check runs; the example lines count the blank lines.
    @Test func aHeaderAfterBlankLinesWithQuotedNamesIsRead() throws {
        let recorded = try recordedExtract(smallExtract())
        let quoted = "\"person_id\"" + recorded.drop(while: { $0 != "," })
        let result = try check("\n\r\n" + quoted)
        #expect(result.agrees && result.comparedClaims == result.claims && result.claims > 40)
        let altered = [ParameterOverride(path: "tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county", value: "0.80")]
        let plain = try check(recorded, overrides: altered)
        let shifted = try check("\n\r\n" + quoted, overrides: altered)
        #expect(!plain.examples.isEmpty && shifted.examples.map(\.line) == plain.examples.map { $0.line + 2 })
    }

    @Test func aMalformedHeaderNamesFileAndLine() throws {
        do {
            _ = try check("\nperson_id,set\"ting,level\nP1,inpatient,county\n")
            Issue.record("accepted a quote inside a header name")
        } catch let error as ClaimsFileError {
            #expect(error.file == "extract.csv" && error.line == 2 && error.message.contains("a quote inside an unquoted field"))
        }
    }

    /// Recorded amounts are read as the extract reader reads them (``FieldParsing/amount(_:)``): yuan with at
    /// most two decimals, to fen; "12." is refused here as there.
    @Test func recordedAmountsAreReadToTheFen() {
        func fen(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { FieldParsing.amount($0)?.fen } }
        #expect(fen("12.34") == 1234 && fen("12.3") == 1230 && fen("12") == 1200 && fen(".5") == 50 && fen("0") == 0)
        #expect(fen("1.234") == nil && fen("1.2.3") == nil && fen("") == nil && fen(".") == nil && fen("-1") == nil && fen("1e3") == nil)
        #expect(fen("12.") == nil && fen("1000000000.01") == nil)
    }

    @Test func anExtractWithoutRecordedPaymentsIsRefused() throws {
        #expect(throws: ClaimsFileError.self) { try check(smallExtract()) }
    }
}
