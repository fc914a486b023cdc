import Settlement
import Simulation

extension PersonYearAmounts {
    /// The observed side of the fit report: one row per roster person-year of the
    /// extract (roster order; people without claims are zero rows), with what each
    /// tier paid on its claims.
    ///
    /// The payments are the extract's recorded ones when it records every tier of
    /// the plan (out-of-pocket = total cost − recorded payments); otherwise the claims
    /// are settled with `engine(year)` (the scenario's rules), person-year by
    /// person-year in file order, the person's roster poverty status going with each
    /// claim, exactly as `fundsim settle` would.
    public static func observed(_ extract: CalibrationExtract, tierIDs: [String],
                                engine: (Int) -> SettlementEngine?) throws -> PersonYearAmounts {
        var amounts = PersonYearAmounts(tierIDs: tierIDs)
        for (row, personYear) in extract.personYears.enumerated() {
            amounts.appendEmpty()
            let group = personYear.age >= AgeGroup.lowerBounds[2] ? 2 : personYear.age >= AgeGroup.lowerBounds[1] ? 1 : 0
            amounts.setPerson(row: row, ageGroup: group, inPoverty: personYear.povertyStatus == .inPoverty)
        }
        let recorded = extract.recordedTierIDs == tierIDs
        var states: [Int: PersonYearState] = [:]
        var engines: [Int: SettlementEngine] = [:]
        var payments = [Int64](repeating: 0, count: tierIDs.count)
        var breakdown = ClaimBreakdown(tierCount: tierIDs.count)
        for (c, record) in extract.claims.enumerated() {
            let row = Int(record.personYear)
            let personYear = extract.personYears[row]
            var oop: Int64
            if recorded {
                for t in tierIDs.indices { payments[t] = extract.recordedPayment(claim: c, tier: t).fen }
                oop = record.totalCost.fen - payments.reduce(0, +)
            } else {
                if engines[personYear.year] == nil {
                    guard let made = engine(personYear.year) else {
                        throw CalibrationError("\(extract.claimsFile.name):\(record.line): year \(personYear.year) is outside the scenario's horizon")
                    }
                    engines[personYear.year] = made
                }
                let yearEngine = engines[personYear.year]!
                let claim = Claim(setting: record.setting, level: record.level, inCounty: record.inCounty,
                                  referralCompliant: record.referralCompliant, disease: record.disease,
                                  totalCost: record.totalCost, policyRangeCost: record.policyRangeCost,
                                  consultationFee: record.consultationFee, povertyStatus: personYear.povertyStatus)
                var state = states[row] ?? yearEngine.newPersonYear()
                yearEngine.settle(claim, state: &state, into: &breakdown)
                states[row] = state
                for t in tierIDs.indices { payments[t] = breakdown.payments[t].fen }
                oop = breakdown.outOfPocket.fen
            }
            amounts.addClaim(row: row, setting: record.setting, level: record.level, totalCost: record.totalCost.fen,
                             payments: payments, outOfPocket: oop)
        }
        return amounts
    }
}
