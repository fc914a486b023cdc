import Settlement

extension FiscalRules {
    /// Books the items that follow from head counts rather than claims (the
    /// provincial subsidies, premium and family-doctor subsidies by level of
    /// government, per-person payments, households) and the county backstop
    /// liability, into a county-year ledger row already holding its claims.
    func book(inPoverty: Int, exited: Int, householdSize: Double, year: Int, layout: LedgerLayout,
              tierPayers: [String], ledger: inout [Int64]) {
        let people = Int64(inPoverty + exited)
        func add(_ item: String, _ fen: Int64) { ledger[layout.index(item)] &+= fen }
        add("registered_poor", people)
        add("in_poverty", Int64(inPoverty))
        add("exited_poverty", Int64(exited))
        add("households", householdSize > 0 ? Int64((Double(people) / householdSize).rounded()) : 0)
        add("provincial_assistance_subsidy", assistanceSubsidyPerPerson.fen &* people)
        let backstopSubsidy = backstopSubsidyPerPerson.fen &* people
        add("provincial_backstop_subsidy", backstopSubsidy)
        var countySpending: Int64 = 0
        for (t, payer) in tierPayers.enumerated() where countyBackstopPayers.contains(payer) { countySpending &+= ledger[t] }
        add("county_backstop_spending", countySpending)
        add("county_backstop_liability", countySpending &- backstopSubsidy)

        /// Splits a per-person amount province / prefecture / county for a poverty status, exactly in fen.
        func split(_ amount: Money, _ status: PovertyStatus) -> (province: Int64, prefecture: Int64, county: Int64) {
            let province = (provincialShare[status] ?? .zero).apply(to: amount).fen
            let rest = amount.fen - province
            let prefecture = prefectureShareOfRest.apply(to: Money(fen: rest)).fen
            return (province, prefecture, rest - prefecture)
        }
        let premium = individualPremium[year] ?? .zero
        for (status, count) in [(PovertyStatus.inPoverty, Int64(inPoverty)), (.exitedPoverty, Int64(exited))] {
            let p = split(premium, status)
            add("premium_subsidy_province", p.province &* count)
            add("premium_subsidy_prefecture", p.prefecture &* count)
            add("premium_subsidy_county", p.county &* count)
            add("premium_subsidy_total", premium.fen &* count)
            let f = split(familyDoctorIndividual, status)
            add("family_doctor_province", f.province &* count)
            add("family_doctor_prefecture", f.prefecture &* count)
            add("family_doctor_county", f.county &* count)
        }
        add("family_doctor_public_health", familyDoctorPublicHealth.fen &* people)
        add("family_doctor_insurance_fund", familyDoctorInsuranceFund.fen &* people)
        add("family_doctor_total", (familyDoctorPublicHealth + familyDoctorInsuranceFund + familyDoctorIndividual).fen &* people)
        for payment in perPersonPayments { add("per_person_\(payment.id)", payment.amount.fen &* people) }
    }
}
