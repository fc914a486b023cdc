import Simulation
import Settlement

extension Reader {
    /// `fiscal:` the ledger parameters. A provincial subsidy is named by the id of a tier of `tiers`
    /// whose payer the province subsidises (``SubsidisedFund``); any other tier is refused at its line,
    /// as is a second subsidy for the same fund.
    func fiscal(_ at: Located, years: ClosedRange<Int>, tiers: [Tier]) throws(ScenarioError) -> FiscalParameters {
        let f = try fields(at, allowed: ["provincial_subsidies", "individual_premium", "family_doctor", "province_share",
                                         "prefecture_share_of_rest", "per_person_payments"],
                           required: ["provincial_subsidies", "individual_premium", "province_share", "prefecture_share_of_rest"])
        var subsidies: [SubsidisedFund: Money] = [:]
        for (tierID, amountAt) in try fields(f["provincial_subsidies"]!, allowed: [], anyKeys: true).entries {
            guard let tier = tiers.first(where: { $0.id == tierID }) else {
                throw error(amountAt, "no tier '\(tierID)' to subsidise; the tiers are \(tiers.map(\.id).joined(separator: ", "))")
            }
            let subsidisable = SubsidisedFund.allCases.map { "\($0.payer.id) (\($0.rawValue))" }.joined(separator: " or ")
            guard let fund = SubsidisedFund(payer: tier.payer) else {
                throw error(amountAt, "tier '\(tierID)' is paid by \(tier.payer.id), which the province does not subsidise; a provincial subsidy funds a tier paid by \(subsidisable)")
            }
            guard subsidies[fund] == nil else {
                throw error(amountAt, "a second provincial subsidy for the tiers paid by \(fund.payer.id); give one amount for \(fund.rawValue)")
            }
            subsidies[fund] = try moneyScalar(amountAt, unit: .yuanPerPersonYear)
        }
        let premium = try moneyByYear(f["individual_premium"]!, unit: .yuanPerPersonYear, years: years)
        var familyDoctor: FamilyDoctorFee?
        if let fdAt = f["family_doctor"] {
            let keys = ["fee", "public_health", "insurance_fund", "individual"]
            let fd = try fields(fdAt, allowed: keys, required: keys)
            let fee = FamilyDoctorFee(fee: try moneyScalar(fd["fee"]!, unit: .yuanPerPersonYear),
                                      publicHealth: try moneyScalar(fd["public_health"]!, unit: .yuanPerPersonYear),
                                      insuranceFund: try moneyScalar(fd["insurance_fund"]!, unit: .yuanPerPersonYear),
                                      individual: try moneyScalar(fd["individual"]!, unit: .yuanPerPersonYear))
            guard fee.publicHealth + fee.insuranceFund + fee.individual == fee.fee else {
                throw error(fd["fee"]!, "the parts public_health + insurance_fund + individual = \(Self.yuanText(fee.publicHealth + fee.insuranceFund + fee.individual)) do not add up to the fee \(Self.yuanText(fee.fee))")
            }
            familyDoctor = fee
        }
        var payments: [PerPersonPayment] = []
        if let listAt = f["per_person_payments"] {
            for item in try sequence(listAt) {
                let pf = try fields(item, allowed: ["id", "name", "payer", "amount", "poverty_status"],
                                    required: ["id", "name", "payer", "amount"])
                let id = try identifier(pf["id"]!)
                guard !payments.contains(where: { $0.id == id }) else { throw error(pf["id"]!, "duplicate payment id '\(id)'") }
                let statuses = try pf["poverty_status"].map { (s: Located) throws(ScenarioError) -> Set<PovertyStatus> in
                    try self.names(s, kind: "poverty status", all: PovertyStatus.allCases, name: \.fileName)
                }
                payments.append(PerPersonPayment(id: id, name: try string(pf["name"]!), payer: try payer(pf["payer"]!),
                                                 amount: try moneyScalar(pf["amount"]!, unit: .yuanPerPersonYear),
                                                 povertyStatuses: statuses))
            }
        }
        return FiscalParameters(provincialSubsidies: subsidies, individualPremium: premium, familyDoctor: familyDoctor,
                                provinceShare: try statusShares(f["province_share"]!),
                                prefectureShareOfRest: try rateScalar(f["prefecture_share_of_rest"]!),
                                perPersonPayments: payments)
    }
}
