import Settlement

extension FiscalParameters {
    /// Books the items that follow from head counts rather than claims (the
    /// provincial subsidies, premium and family-doctor subsidies by level of
    /// government, per-person payments) and the county backstop
    /// liability, into a county-year ledger row that already holds its claims.
    /// The county's spending is its ``Payer/countyGovernment`` tiers', medical
    /// assistance's its ``Payer/civilAffairsAssistanceFund`` tiers' (`medical_assistance_gap` is
    /// that spending less the provincial subsidy).
    func book(inPoverty: Int, exited: Int, year: Int, layout: LedgerLayout,
              tierPayers: [Payer], ledger: inout [Int64]) {
        let people = Int64(inPoverty + exited)
        let counts: [(PovertyStatus, Int64)] = [(.inPoverty, Int64(inPoverty)), (.exitedPoverty, Int64(exited))]
        func add(_ item: LedgerItem, _ fen: Int64) { ledger[layout.index(item)] &+= fen }
        add(.registeredPoor, people)
        add(.inPoverty, Int64(inPoverty))
        add(.exitedPoverty, Int64(exited))
        let assistanceSubsidy = (provincialSubsidies[.medicalAssistance] ?? .zero).fen &* people
        add(.provincialAssistanceSubsidy, assistanceSubsidy)
        let backstopSubsidy = (provincialSubsidies[.backstop] ?? .zero).fen &* people
        add(.provincialBackstopSubsidy, backstopSubsidy)
        var countySpending: Int64 = 0
        for (t, payer) in tierPayers.enumerated() where payer == SubsidisedFund.backstop.payer { countySpending &+= ledger[t] }
        add(.countyBackstopSpending, countySpending)
        add(.countyBackstopLiability, countySpending &- backstopSubsidy)
        var assistance: Int64 = 0
        for (t, payer) in tierPayers.enumerated() where payer == SubsidisedFund.medicalAssistance.payer { assistance &+= ledger[t] }
        add(.medicalAssistanceSpending, assistance)
        add(.medicalAssistanceGap, assistance &- assistanceSubsidy)

        let premium = individualPremium[year] ?? .zero
        for (status, count) in counts {
            let p = governmentSplit(of: premium, status: status)
            add(.premiumSubsidyProvince, p.province.fen &* count)
            add(.premiumSubsidyPrefecture, p.prefecture.fen &* count)
            add(.premiumSubsidyCounty, p.county.fen &* count)
            add(.premiumSubsidyTotal, premium.fen &* count)
            if let doctor = familyDoctor {
                let f = governmentSplit(of: doctor.individual, status: status)
                add(.familyDoctorProvince, f.province.fen &* count)
                add(.familyDoctorPrefecture, f.prefecture.fen &* count)
                add(.familyDoctorCounty, f.county.fen &* count)
            }
        }
        if let doctor = familyDoctor {
            add(.familyDoctorPublicHealth, doctor.publicHealth.fen &* people)
            add(.familyDoctorInsuranceFund, doctor.insuranceFund.fen &* people)
            add(.familyDoctorTotal, doctor.fee.fen &* people)
        }
        for (p, payment) in perPersonPayments.enumerated() {
            let covered = counts.reduce(Int64(0)) { sum, entry in
                (payment.povertyStatuses?.contains(entry.0) ?? true) ? sum &+ entry.1 : sum
            }
            ledger[layout.index(perPerson: p)] &+= payment.amount.fen &* covered
        }
    }
}
