import Settlement

extension FiscalParameters {
    /// The payer whose claim payments a county funds from its own budget: the
    /// county backstop (兜底保障) of POLICY.md section 5.
    public static let countyPayer = "county_government"
    /// The payer of medical assistance (医疗救助, civil affairs), whose spending the
    /// provincial 10 yuan per person subsidises: `medical_assistance_gap` is the rest.
    public static let assistancePayer = "civil_affairs_assistance_fund"

    /// Books the items that follow from head counts rather than claims (the
    /// provincial subsidies, premium and family-doctor subsidies by level of
    /// government, per-person payments) and the county backstop
    /// liability, into a county-year ledger row that already holds its claims.
    func book(inPoverty: Int, exited: Int, year: Int, layout: LedgerLayout,
              tierPayers: [String], ledger: inout [Int64]) {
        let people = Int64(inPoverty + exited)
        let counts: [(PovertyStatus, Int64)] = [(.inPoverty, Int64(inPoverty)), (.exitedPoverty, Int64(exited))]
        func add(_ item: String, _ fen: Int64) { ledger[layout.index(item)] &+= fen }
        add("registered_poor", people)
        add("in_poverty", Int64(inPoverty))
        add("exited_poverty", Int64(exited))
        add("provincial_assistance_subsidy", (provincialSubsidies["medical_assistance"] ?? .zero).fen &* people)
        let backstopSubsidy = (provincialSubsidies["backstop"] ?? .zero).fen &* people
        add("provincial_backstop_subsidy", backstopSubsidy)
        var countySpending: Int64 = 0
        for (t, payer) in tierPayers.enumerated() where payer == Self.countyPayer { countySpending &+= ledger[t] }
        add("county_backstop_spending", countySpending)
        add("county_backstop_liability", countySpending &- backstopSubsidy)
        var assistance: Int64 = 0
        for (t, payer) in tierPayers.enumerated() where payer == Self.assistancePayer { assistance &+= ledger[t] }
        add("medical_assistance_spending", assistance)
        add("medical_assistance_gap", assistance &- (provincialSubsidies["medical_assistance"] ?? .zero).fen &* people)

        let premium = individualPremium[year] ?? .zero
        for (status, count) in counts {
            let p = governmentSplit(of: premium, status: status)
            add("premium_subsidy_province", p.province.fen &* count)
            add("premium_subsidy_prefecture", p.prefecture.fen &* count)
            add("premium_subsidy_county", p.county.fen &* count)
            add("premium_subsidy_total", premium.fen &* count)
            if let doctor = familyDoctor {
                let f = governmentSplit(of: doctor.individual, status: status)
                add("family_doctor_province", f.province.fen &* count)
                add("family_doctor_prefecture", f.prefecture.fen &* count)
                add("family_doctor_county", f.county.fen &* count)
            }
        }
        if let doctor = familyDoctor {
            add("family_doctor_public_health", doctor.publicHealth.fen &* people)
            add("family_doctor_insurance_fund", doctor.insuranceFund.fen &* people)
            add("family_doctor_total", doctor.fee.fen &* people)
        }
        for payment in perPersonPayments {
            let covered = counts.reduce(Int64(0)) { sum, entry in
                (payment.povertyStatuses?.contains(entry.0) ?? true) ? sum &+ entry.1 : sum
            }
            add("per_person_\(payment.id)", payment.amount.fen &* covered)
        }
    }
}
