import Foundation
import Testing
import FundsimTestSupport

@Suite("fundsim command line", .serialized)
struct CLITests {
    let example = "Scenarios/examples/claims-yunnan.csv"

    @Test func settleExampleEveryRowAddsUp() throws {
        let result = try FundsimRunner.run(["settle", "--claims", example])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(Array(header.suffix(5)) == ["basic_insurance", "critical_illness", "medical_assistance", "backstop", "out_of_pocket"])
        #expect(Array(header.prefix(3)) == ["claim_id", "person_id", "year"])
        let total = header.firstIndex(of: "total_cost")!
        // The note column may hold quoted commas; the tier columns are the last five fields either way.
        #expect(lines.count == 21)
        for row in lines.dropFirst() {
            let fen = { (text: String) -> Int in Int(text.replacingOccurrences(of: ".", with: ""))! }
            let paid = row.suffix(5).map(fen).reduce(0, +)
            #expect(paid == fen(row[total]), "\(row[0])")
        }
    }

    @Test func settleToFileWritesTheCSVAndExplainToStdout() throws {
        let dir = try FundsimRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("settled.csv")
        let result = try FundsimRunner.run(["settle", "--claims", example, "--out", out.path, "--explain"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out, encoding: .utf8)
        #expect(csv.hasPrefix("claim_id,person_id,year,"))
        #expect(result.stdout.contains("line 15 person P03 year 2017: inpatient prefecture compliant out-of-county"))
        #expect(result.stdout.contains("= 2980.00 → pays 10204.00"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["settled.csv"])
    }

    @Test func malformedClaimsFailWithLocationAndNoOutputFile() throws {
        let dir = try FundsimRunner.temporaryDirectory()
        let claims = dir.appendingPathComponent("claims.csv")
        try """
            person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost
            P1,inpatient,county,true,true,,10000,8000
            P1,inpatient,county,true,true,,100,150

            """.write(to: claims, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("settled.csv")
        let result = try FundsimRunner.run(["settle", "--claims", claims.path, "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(claims.path):3: column policy_range_cost: expected at most total_cost (100.00), got \"150\"\n")
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["claims.csv"])
    }

    @Test func malformedScenarioFailsWithFileLineAndField() throws {
        let dir = try FundsimRunner.temporaryDirectory()
        let yaml = try String(contentsOf: FundsimRunner.packageRoot.appendingPathComponent("Scenarios/yunnan-2017.yaml"), encoding: .utf8)
        let broken = yaml.replacingOccurrences(of: "township: 0.95", with: "township: 1.95")
        #expect(broken != yaml)
        let scenario = dir.appendingPathComponent("broken.yaml")
        try broken.write(to: scenario, atomically: true, encoding: .utf8)
        for arguments in [["validate", scenario.path], ["settle", "--claims", example, "--scenario", scenario.path]] {
            let result = try FundsimRunner.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("error: \(scenario.path):"))
            #expect(result.stderr.contains(": tiers[basic_insurance].rules["))
            #expect(result.stderr.contains(".ratio.township: 1.95 is outside [0, 1]"))
            let line = result.stderr.dropFirst("error: \(scenario.path):".count).prefix { $0.isNumber }
            #expect(Int(line).map { $0 > 0 } == true)
        }
    }

    @Test func validateBuiltInPrintsTheTiers() throws {
        let result = try FundsimRunner.run(["validate", "yunnan-2017"])
        #expect(result.status == 0, "\(result.stderr)")
        for tier in ["basic_insurance", "critical_illness", "medical_assistance", "backstop"] {
            #expect(result.stdout.contains(tier))
        }
    }

    @Test func diseasesCSVHas43RowsAndAHeader() throws {
        let result = try FundsimRunner.run(["diseases", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 44)
        #expect(lines[0] == "code,number_in_28,chinese_name,english_name,lists,ninety_percent")
        #expect(lines.contains("esrd,12,终末期肾病,End-stage renal disease,outpatient_28;critical_illness_25;major_15;ninety_percent,true"))
        let table = try FundsimRunner.run(["diseases"])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").count == 45)
    }
}
