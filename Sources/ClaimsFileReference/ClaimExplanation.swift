import ClaimsFile
import PolicyCatalog
import Settlement

extension ReferenceSettledClaims {
    /// The `--explain` text: for each claim a header line, then one line per tier
    /// with the arithmetic a settlement clerk can redo by hand, then the
    /// out-of-pocket. Built only from the engine's ``TraceEvent``s (the plan is read
    /// for rule descriptions, never to recompute a payment). Empty when the claims
    /// were settled without `explain: true`.
    ///
    /// ```
    /// line 3 person P1 year 2017: inpatient county compliant in-county, total 10000.00, policy range 8000.00
    ///   basic_insurance [admission_compliant_in_county]: 0.85 × (8000.00 policy_range − 300.00 deductible) = 6545.00; cap left 150000.00; unpaid 10000.00 → pays 6545.00
    ///   backstop [compliant_admission]: max(0, 0.9 × 10000.00 total_cost − 7200.00 paid) = 1800.00; unpaid 2800.00 → 1800.00; income line: min(1000.00 unpaid, max(0, 0.00 out-of-pocket so far + 1000.00 − 9020.00 line)) = 0.00 → pays 1800.00
    ///   out_of_pocket 1000.00
    /// ```
    public func explanation(catalog: DiseaseCatalog = .standard) -> String {
        guard traces.count == file.records.count else { return "" }
        var text = ""
        for (i, record) in file.records.enumerated() {
            ClaimExplainer(plan: plan, catalog: catalog).explain(record, breakdown: breakdowns[i], events: traces[i], into: &text)
        }
        return text
    }
}

/// Turns one claim's trace events into explanation lines.
struct ClaimExplainer {
    let plan: SettlementPlan
    let catalog: DiseaseCatalog

    func explain(_ record: ReferenceClaimRecord, breakdown: ClaimBreakdown, events: [TraceEvent], into text: inout String) {
        let claim = record.claim
        var head = "line \(record.line) person \(record.personID) year \(record.year): \(claim.setting.fileName) \(claim.level.fileName)"
        head += claim.isCompliant ? " compliant" : " non-compliant"
        head += claim.inCounty ? " in-county" : " out-of-county"
        if let disease = claim.disease { head += " \(catalog[disease].code)" }
        if claim.povertyStatus != .inPoverty { head += " \(claim.povertyStatus.fileName)" }
        if claim.welfareCategory != .registeredPoor { head += " \(claim.welfareCategory.fileName)" }
        head += ", total \(claim.totalCost), policy range \(claim.policyRangeCost)"
        if claim.consultationFee != .zero { head += ", consultation fee \(claim.consultationFee)" }
        text += head + "\n"

        for (t, tier) in plan.tiers.enumerated() {
            var parts: [String] = []
            var label = tier.id
            for event in events {
                switch event {
                case .noRule(let tierIndex) where tierIndex == t:
                    parts.append("no rule applies")
                case .rule(let trace) where trace.tier == t:
                    label += " [\(trace.ruleID)]"
                    parts.append(describe(trace, in: tier))
                case .limit(let trace) where trace.tier == t:
                    // The rule's own payment, before the guarantee adds to it.
                    if case .rule(let rule)? = events.last(where: { if case .rule(let r) = $0 { r.tier == t } else { false } }) {
                        parts[parts.count - 1] += " → \(rule.payment)"
                    }
                    parts.append(describe(trace))
                default: break
                }
            }
            if parts.isEmpty { parts.append("nothing applies") }
            text += "  \(label): \(parts.joined(separator: "; ")) → pays \(breakdown.payments[t])\n"
        }
        text += "  out_of_pocket \(breakdown.outOfPocket) (= \(claim.totalCost) − \(claim.totalCost - breakdown.outOfPocket) paid by the tiers)\n"
    }

    /// `0.85 × (8000.00 policy_range − 300.00 deductible) = 6545.00; cap left …; unpaid …`.
    private func describe(_ trace: RuleTrace, in tier: Tier) -> String {
        let rule = tier.rules.first { $0.id == trace.ruleID }
        var text: String
        if trace.isTopUp {
            text = "max(0, \(trace.rate) × \(trace.baseAmount) \(trace.base.rawValue) − \(trace.paidBefore) paid) = \(trace.formulaAmount)"
        } else {
            var inner = "\(trace.baseAmount) \(trace.base.rawValue)"
            if trace.feeInFull != .zero { inner += " − \(trace.feeInFull) consultation fee" }
            if case .coinsurance(let c)? = rule?.formula {
                switch c.deductible {
                case .none: break
                case .perClaim: inner += " − \(trace.deductibleUsed) deductible"
                case .annual(let name):
                    inner += " − \(trace.deductibleUsed) annual deductible \(name)"
                    if let left = trace.annualDeductibleLeft { inner += " (\(left) left)" }
                }
            } else if trace.deductibleUsed != .zero {
                inner += " − \(trace.deductibleUsed) deductible"
            }
            text = "\(trace.rate) × (\(inner)) = \(trace.formulaAmount)"
            if let floor = trace.floorAmount {
                let floorRate = { if case .coinsurance(let c)? = rule?.formula, let f = c.floor { return "\(f) × \(trace.baseAmount) = " }; return "" }()
                text += "; floor \(floorRate)\(floor)"
            }
        }
        if let capLeft = trace.capLeft { text += "; cap left \(capLeft)" }
        if trace.feeInFull != .zero { text += "; + \(trace.feeInFull) consultation fee in full" }
        text += "; unpaid \(trace.unpaidBefore)"
        return text
    }

    /// `income line: min(oop unpaid, max(0, sofar out-of-pocket so far + oop − line)) = payment`.
    private func describe(_ trace: LimitTrace) -> String {
        "income line: min(\(trace.unpaidBefore) unpaid, max(0, \(trace.outOfPocketBefore) out-of-pocket so far + \(trace.unpaidBefore) − \(trace.line) line)) = \(trace.payment)"
    }
}
