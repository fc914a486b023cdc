import Testing
import PolicyCatalog
import Settlement
@testable import ClaimsFile

@Suite("Settling a claims file")
struct ClaimsSettlementTests {
    @Test func extraColumnsAndOrderAreCarriedThrough() throws {
        let text = #"""
            note,total_cost,person_id,policy_range_cost,setting,disease,in_county,level,referral_compliant,clinic
            "first, admission",10000,P1,8000,inpatient,,true,county,true,Lijiang 1
            ,85,P1,80,general_outpatient,,1,township,1,"say ""hi"""

            """#
        let lines = try Settle.run(text).text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "note,total_cost,person_id,policy_range_cost,setting,disease,in_county,level,referral_compliant,clinic,basic_insurance,critical_illness,medical_assistance,backstop,out_of_pocket")
        #expect(lines[1] == "\"first, admission\",10000,P1,8000,inpatient,,true,county,true,Lijiang 1,6545.00,0.00,655.00,1800.00,1000.00")
        #expect(lines[2] == ",85,P1,80,general_outpatient,,1,township,1,\"say \"\"hi\"\"\",40.00,0.00,0.00,0.00,45.00")
        #expect(lines.count == 4 && lines[3].isEmpty)
    }

    func basicPayments(_ out: Settle.Output) -> [String] {
        out.text.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false).suffix(5).first!) }
    }

    @Test func interleavedPersonsAndYearsKeepTheirOwnAccumulators() throws {
        // Each general outpatient visit would pay 500; the annual cap is 420 per person-year.
        let text = """
            person_id,year,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost
            P1,2017,general_outpatient,township,true,true,,1000,1000
            P2,2017,general_outpatient,township,true,true,,1000,1000
            P1,2018,general_outpatient,township,true,true,,1000,1000
            P1,2017,general_outpatient,township,true,true,,1000,1000
            P2,,general_outpatient,township,true,true,,1000,1000

            """
        let out = try Settle.run(text)
        #expect(basicPayments(out) == ["420.00", "420.00", "420.00", "0.00", "0.00"])
        #expect(out.summary.personYears == 3)
    }

    /// A person whose claims are the first and the last row of a long file,
    /// read in small blocks, is settled with one accumulator: the second visit
    /// finds the annual cap used by the first.
    @Test func firstAndLastRowShareOneAccumulator() throws {
        var text = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost\n"
        text += "FAR,general_outpatient,township,true,true,,600,600\n"
        for i in 0..<20_000 { text += "Q\(i),general_outpatient,township,true,true,,10,10\n" }
        text += "FAR,general_outpatient,township,true,true,,600,600\n"
        for threads in [1, 2] {
            let out = try Settle.run(Array(text.utf8), blockSize: 4096, threads: threads)
            let payments = basicPayments(out)
            #expect(payments.first == "300.00")
            #expect(payments.last == "120.00")  // 420 cap − 300 already paid
            #expect(out.summary.personYears == 20_001)
        }
    }

    @Test func interleavedFileMatchesEachPersonSettledAlone() throws {
        let text = """
            person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost
            A,inpatient,provincial,false,true,,40000,32000
            B,chronic_outpatient,county,true,true,esrd,6000,5500
            A,inpatient,provincial,false,true,,40000,32000
            B,major_disease,prefecture,false,true,chd_vsd,30000,30000
            A,inpatient,provincial,false,true,,40000,32000
            B,inpatient,county,true,false,,20000,15000

            """
        let rows = try Settle.run(text).text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").suffix(5).map { Money(fen: Int64($0.replacingOccurrences(of: ".", with: ""))!) } }
        let engine = try SettlementEngine(plan: ShippedYunnanPlan.plan, year: 2017)
        let claims = text.split(separator: "\n").dropFirst().map { line -> (String, Claim) in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let setting = ClaimSetting(fileName: f[1])!
            return (f[0], Claim(setting: setting, level: FacilityLevel(fileName: f[2])!, inCounty: f[3] == "true", referralCompliant: f[4] == "true",
                                disease: f[5].isEmpty ? nil : DiseaseCatalogIndex.of(f[5]),
                                totalCost: Money(yuanString: f[6])!, policyRangeCost: Money(yuanString: f[7])!))
        }
        for person in ["A", "B"] {
            var state = engine.newPersonYear()
            for (i, (id, claim)) in claims.enumerated() where id == person {
                let b = engine.settle(claim, state: &state)
                #expect(b.payments + [b.outOfPocket] == rows[i], "row \(i)")
            }
        }
        // A reaches the 2017 income line (9,020) on the third admission: 4000 + 4000 + 1020.
        #expect([0, 2, 4].map { rows[$0][4] } == [4000, 4000, 1020].map { Money(yuan: $0) })
        #expect(rows[4][3] == Money(yuan: 6880 + 2980))
    }

    @Test func yearTheScenarioCannotSettleIsAnErrorOnTheYearColumn() throws {
        let text = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,year\nP1,inpatient,county,true,true,,1,1,2031\n"
        let error = Settle.error(text)
        #expect(error?.line == 2)
        #expect(error?.column == "year")
    }

    @Test func inputWithAnOutputColumnIsRejected() throws {
        let text = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,backstop\nP1,inpatient,county,true,true,,1,1,0\n"
        let error = Settle.error(text)
        #expect(error?.column == "backstop")
        #expect(error?.line == 1)
    }

    @Test func explanationShowsEachTiersArithmetic() throws {
        let text = """
            person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee
            P1,inpatient,county,true,true,,10000,8000,
            A,inpatient,provincial,false,true,,40000,32000,
            A,inpatient,provincial,false,true,,40000,32000,
            A,inpatient,provincial,false,true,,40000,32000,
            P1,general_outpatient,township,true,true,,85,80,10

            """
        let explanation = try Settle.run(text, explain: true).explanation
        let lines = explanation.split(separator: "\n").map(String.init)
        #expect(lines[0] == "line 2 person P1 year 2017: inpatient county compliant in-county, total 10000.00, policy range 8000.00")
        #expect(lines[1] == "  basic_insurance [inpatient_compliant]: 0.85 × (8000.00 policy_range − 300.00 deductible) = 6545.00; cap left 150000.00; unpaid 10000.00 → pays 6545.00")
        #expect(lines[2] == "  critical_illness [inpatient]: 0.7 × (1455.00 policy_range_remaining − 1455.00 annual deductible critical_illness (5000.00 left)) = 0.00; cap left 450000.00; unpaid 3455.00 → pays 0.00")
        #expect(lines[3] == "  medical_assistance [compliant_inpatient]: max(0, 0.9 × 8000.00 policy_range − 6545.00 paid) = 655.00; cap left 100000.00; unpaid 3455.00 → pays 655.00")
        #expect(lines[4].hasPrefix("  backstop [compliant_inpatient]: max(0, 0.9 × 10000.00 total_cost − 7200.00 paid) = 1800.00; unpaid 2800.00 → 1800.00; income line: min(1000.00 unpaid, max(0, 0.00 out-of-pocket so far + 1000.00 − 9020.00 line)) = 0.00 → pays 1800.00"))
        #expect(lines[5] == "  out_of_pocket 1000.00 (= 10000.00 − 9000.00 paid by the tiers)")
        // Out-of-county floor, and the third admission reaching the income line.
        #expect(explanation.contains("0.7 × (32000.00 policy_range − 1000.00 deductible) = 21700.00; floor 0.7 × 32000.00 = 22400.00"))
        #expect(explanation.contains("income line: min(4000.00 unpaid, max(0, 8000.00 out-of-pocket so far + 4000.00 − 9020.00 line)) = 2980.00 → pays 9860.00"))
        // General outpatient: the consultation fee in full, outside the ratio and the cap.
        #expect(explanation.contains("0.5 × (80.00 policy_range − 10.00 consultation fee) = 35.00; cap left 420.00; + 10.00 consultation fee in full; unpaid 85.00 → pays 45.00"))
        #expect(explanation.contains("  medical_assistance: no rule applies → pays 0.00"))
        // Without explain: no text.
        #expect(try Settle.run(text).explanation.isEmpty)
    }
}

enum DiseaseCatalogIndex {
    static func of(_ code: String) -> DiseaseIndex { PolicyCatalogAccess.catalog.diseaseIndex(of: code)! }
}
