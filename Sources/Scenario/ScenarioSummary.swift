import Settlement

extension Scenario {
    /// A one-screen summary for `fundsim validate`: the header, then each tier
    /// (id, payer, caps, deductibles, income line) and each rule's `when` and
    /// formula in a compact form, then the fiscal parameters.
    public func summaryLines() -> [String] {
        let chain = files.count > 1 ? " (extends \(files.dropFirst().map(\.name).joined(separator: ", then ")))" : ""
        let set = overrides.isEmpty ? "" : " with \(overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ", "))"
        var lines = ["\(id): \(title) (\(years.lowerBound)–\(years.upperBound)), from \(sourceName)\(chain)\(set)"]
        if !plan.diseaseLists.isEmpty {
            for name in plan.diseaseLists.keys.sorted() {
                lines.append("  list \(name): \(plan.diseaseLists[name]!.count) codes")
            }
        }
        for (i, tier) in plan.tiers.enumerated() {
            var head = "\(i + 1). \(tier.id) [payer \(tier.payer.id)]"
            if !tier.annualCaps.isEmpty { head += " caps " + Self.named(tier.annualCaps) }
            if !tier.annualDeductibles.isEmpty { head += " deductibles " + Self.named(tier.annualDeductibles) }
            lines.append(head)
            for rule in tier.rules {
                lines.append("   - \(rule.id): \(Self.describe(rule.filter)) → \(Self.describe(rule.formula))")
            }
            if let limit = tier.outOfPocketLimit {
                let line = limit.line.keys.sorted().map { "\($0) \(Reader.yuanText(limit.line[$0]!))" }.joined(separator: ", ")
                lines.append("   + out-of-pocket limit: \(Self.describe(limit.filter)) → annual line \(line)")
            }
        }
        let premium = fiscal.individualPremium.keys.sorted().map { "\($0) \(Reader.yuanText(fiscal.individualPremium[$0]!))" }
        lines.append("fiscal: premium \(premium.joined(separator: ", ")); province share in poverty \(fiscal.provinceShare.inPoverty), exited \(fiscal.provinceShare.exitedPoverty); prefecture share of rest \(fiscal.prefectureShareOfRest)")
        var extras: [String] = []
        if !fiscal.provincialSubsidies.isEmpty { extras.append("provincial subsidies " + Self.named(Dictionary(uniqueKeysWithValues: fiscal.provincialSubsidies.map { ($0.rawValue, $1) }))) }
        if let fd = fiscal.familyDoctor {
            extras.append("family doctor \(Reader.yuanText(fd.fee)) = \(Reader.yuanText(fd.publicHealth)) public health + \(Reader.yuanText(fd.insuranceFund)) insurance fund + \(Reader.yuanText(fd.individual)) individual")
        }
        for p in fiscal.perPersonPayments { extras.append("\(p.id) \(Reader.yuanText(p.amount)) by \(p.payer.id)") }
        if !extras.isEmpty { lines.append("        " + extras.joined(separator: "; ")) }
        let assumed = parameters.filter(\.isAssumed).count
        lines.append("\(parameters.count) parameters, \(assumed) assumed")
        return lines
    }

    static func named(_ amounts: [String: Money]) -> String {
        amounts.keys.sorted().map { "\($0)=\(Reader.yuanText(amounts[$0]!))" }.joined(separator: " ")
    }

    /// `inpatient|major_disease compliant out-of-county lists:ninety_percent`, or `any claim`.
    static func describe(_ f: ClaimFilter) -> String {
        var parts: [String] = []
        func set<T: RawRepresentable & CaseIterable & Hashable>(_ s: Set<T>?, _ name: (T) -> String) where T.RawValue == Int {
            guard let s else { return }
            parts.append(T.allCases.filter { s.contains($0) }.map(name).joined(separator: "|"))
        }
        set(f.settings, \.fileName)
        set(f.levels, \.fileName)
        if let c = f.referralCompliant { parts.append(c ? "compliant" : "non-compliant") }
        if let c = f.inCounty { parts.append(c ? "in-county" : "out-of-county") }
        if let d = f.diseaseLists { parts.append("diseases:" + d.joined(separator: "|")) }
        if !f.excludedDiseaseLists.isEmpty { parts.append("not:" + f.excludedDiseaseLists.joined(separator: "|")) }
        set(f.povertyStatuses, \.fileName)
        set(f.welfareCategories, \.fileName)
        return parts.isEmpty ? "any claim" : parts.joined(separator: " ")
    }

    /// `0.85 × (policy_range − deductible 0/300/600/1000) floor 0.7 cap basic`, `top up to 0.9 × total_cost`.
    static func describe(_ formula: PaymentFormula) -> String {
        func levels<V>(_ v: LevelValues<V>, _ text: (V) -> String) -> String {
            v.isUniform ? text(v.township) : FacilityLevel.allCases.map { text(v[$0]) }.joined(separator: "/")
        }
        switch formula {
        case .coinsurance(let c):
            var text = "\(levels(c.ratio, \.description)) × (\(c.base.rawValue)"
            if c.consultationFeeInFull { text = "fee in full + " + text + " − fee" }
            switch c.deductible {
            case .none: break
            case .perClaim(let d): text += " − deductible \(levels(d, Reader.yuanText))"
            case .annual(let name): text += " − annual deductible \(name)"
            }
            text += ")"
            if let floor = c.floor { text += " floor \(floor)" }
            if let cap = c.cap { text += " cap \(cap)" }
            return text
        case .topUp(let t):
            return "top up to \(t.target) × \(t.base.rawValue)" + (t.cap.map { " cap \($0)" } ?? "")
        }
    }
}
