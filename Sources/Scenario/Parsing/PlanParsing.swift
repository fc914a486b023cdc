import PolicyCatalog
import Settlement
import Simulation

extension Reader {
    /// `disease_lists: {NAME: {codes: [...], source: ...}}`: scenario-defined
    /// lists; every code must be in the catalog, and a name must not shadow a built-in list.
    func diseaseLists(_ at: Located, catalog: DiseaseCatalog) throws(ScenarioError) -> [String: [String]] {
        var lists: [String: [String]] = [:]
        for (name, listAt) in try fields(at, allowed: [], anyKeys: true).entries {
            guard DiseaseListSet(name: name) == nil else {
                throw error(listAt, "'\(name)' is a built-in disease list (\(DiseaseListSet.named.map(\.name).joined(separator: ", "))); choose another name")
            }
            guard Self.isIdentifier(name) else {
                throw error(listAt, "'\(name)' is not a list name; expected \(Self.identifierRule)")
            }
            let f = try fields(listAt, allowed: ["codes", "source"], required: ["codes", "source"])
            var codes: [String] = []
            for (code, codeAt) in try stringList(f["codes"]!) {
                guard catalog.index(of: code) != nil else {
                    throw error(codeAt, "unknown disease code '\(code)'; expected a code of the catalog (POLICY.md section 2, `fundsim diseases`)")
                }
                guard !codes.contains(code) else { throw error(codeAt, "disease code '\(code)' listed twice") }
                codes.append(code)
            }
            let source = try self.source(f["source"]!)
            record(listAt, value: codes.joined(separator: ", "), unit: .codes, source: source)
            lists[name] = codes
        }
        return lists
    }

    /// `tiers:` the ordered payer tiers.
    func tiers(_ at: Located, years: ClosedRange<Int>) throws(ScenarioError) -> [Tier] {
        var tiers: [Tier] = []
        let items = try sequence(at)
        guard !items.isEmpty else { throw error(at, "expected at least one tier") }
        for item in items { tiers.append(try tier(item, years: years)) }
        return tiers
    }

    /// What a tier id would be confused with in the forecast's `item` column: a ledger item
    /// (``LedgerLayout/fixed``), a per-person payment (`per_person_…`) or a derived indicator; `nil` if nothing.
    static func outputItemClash(_ id: String) -> String? {
        if LedgerLayout.fixed.contains(id) { return "a ledger item" }
        if DerivedIndicator(rawValue: id) != nil { return "a derived indicator" }
        if id.hasPrefix(LedgerLayout.perPersonName("")) { return "the name of a per-person payment item (per_person_…)" }
        return nil
    }

    /// One tier; its fields are named `tiers[ID].…` like the engine's paths.
    func tier(_ item: Located, years: ClosedRange<Int>) throws(ScenarioError) -> Tier {
        let keys = ["id", "name", "payer", "annual_caps", "annual_deductibles", "rules", "out_of_pocket_limit"]
        let id = try idOf(item)
        let at = Located(node: item.node, path: "tiers[\(id)]")
        remember(at)
        if let clash = Self.outputItemClash(id) {
            let idAt = if case .mapping(let m) = item.node, let node = m["id"] { Located(node: node, path: "\(at.path).id") } else { at }
            throw error(idAt, "tier id '\(id)' is also \(clash) of the forecast; a tier's payments are an item of their own, give the tier another id")
        }
        let f = try fields(at, allowed: keys, required: ["id", "name", "payer", "rules"])
        let name = try string(f["name"]!)
        let payer = try self.payer(f["payer"]!)
        var caps: [String: Money] = [:]
        if let capsAt = f["annual_caps"] {
            for (capName, capAt) in try fields(capsAt, allowed: [], anyKeys: true).entries {
                caps[capName] = try moneyScalar(capAt, unit: .yuan)
            }
        }
        var deductibles: [String: Money] = [:]
        if let dAt = f["annual_deductibles"] {
            for (dName, amountAt) in try fields(dAt, allowed: [], anyKeys: true).entries {
                deductibles[dName] = try moneyScalar(amountAt, unit: .yuan)
            }
        }
        var rules: [TierRule] = []
        for ruleItem in try sequence(f["rules"]!) { rules.append(try rule(ruleItem, tierPath: at.path)) }
        var limit: OutOfPocketLimit?
        if let limitAt = f["out_of_pocket_limit"] {
            let lf = try fields(limitAt, allowed: ["when", "line"], required: ["line"])
            let filter = try lf["when"].map { (w: Located) throws(ScenarioError) -> ClaimFilter in try self.filter(w) } ?? .any
            limit = OutOfPocketLimit(filter: filter, line: try moneyByYear(lf["line"]!, unit: .yuan, years: years))
        }
        return Tier(id: id, name: name, payer: payer, rules: rules, annualCaps: caps,
                    annualDeductibles: deductibles, outOfPocketLimit: limit)
    }

    /// One rule: `id`, optional `when`, and exactly one formula key.
    func rule(_ item: Located, tierPath: String) throws(ScenarioError) -> TierRule {
        let keys = ["id", "when"] + Self.formulaKinds
        let unknown: (String) -> String = { key in
            "unknown key or formula kind '\(key)'; a rule has id, when, and exactly one formula: \(Self.formulaKinds.joined(separator: " or "))"
        }
        let id = try idOf(item)
        let at = Located(node: item.node, path: "\(tierPath).rules[\(id)]")
        remember(at)
        let f = try fields(at, allowed: keys, unknownMessage: unknown)
        let formulas = f.entries.filter { Self.formulaKinds.contains($0.key) }
        guard formulas.count == 1 else {
            throw error(at, formulas.isEmpty ? "missing the formula; expected exactly one of \(Self.formulaKinds.joined(separator: ", "))"
                                             : "has \(formulas.count) formulas; expected exactly one of \(Self.formulaKinds.joined(separator: ", "))")
        }
        let filter = try f["when"].map { (w: Located) throws(ScenarioError) -> ClaimFilter in try self.filter(w) } ?? .any
        let formula: PaymentFormula
        switch formulas[0].key {
        case "coinsurance": formula = .coinsurance(try coinsurance(formulas[0].value))
        default: formula = .topUp(try topUp(formulas[0].value))
        }
        return TierRule(id: id, filter: filter, formula: formula)
    }

    /// The `id` of a list item, read before its other keys so that their errors can name the item by id.
    func idOf(_ item: Located) throws(ScenarioError) -> String {
        guard case .mapping(let mapping) = item.node else { throw error(item, "expected a mapping with an id, found \(item.shortText)") }
        guard let idNode = mapping["id"] else { throw error(item, "missing key 'id'") }
        return try identifier(Located(node: idNode, path: "\(item.path).id"))
    }

    /// The formula kinds a rule may name.
    static let formulaKinds = ["coinsurance", "top_up"]

    /// `coinsurance: {base, ratio, deductible, consultation_fee_in_full, floor, cap}`.
    func coinsurance(_ at: Located) throws(ScenarioError) -> Coinsurance {
        let f = try fields(at, allowed: ["base", "ratio", "deductible", "consultation_fee_in_full", "floor", "cap"],
                           required: ["base", "ratio"])
        var result = Coinsurance(base: try base(f["base"]!), ratio: try rateTable(f["ratio"]!))
        if let d = f["deductible"] { result.deductible = try deductible(d) }
        if let fee = f["consultation_fee_in_full"] { result.consultationFeeInFull = try bool(fee) }
        if let floor = f["floor"] { result.floor = try rateScalar(floor) }
        if let cap = f["cap"] { result.cap = try identifier(cap) }
        return result
    }

    /// `top_up: {base, target, cap}`.
    func topUp(_ at: Located) throws(ScenarioError) -> TopUp {
        let f = try fields(at, allowed: ["base", "target", "cap"], required: ["base", "target"])
        let baseAt = f["base"]!
        let base = try base(baseAt)
        guard base == .policyRange || base == .totalCost else {
            throw error(baseAt, "a top-up's base must be policy_range or total_cost, found \(baseAt.shortText)")
        }
        var result = TopUp(base: base, target: try rateScalar(f["target"]!))
        if let cap = f["cap"] { result.cap = try identifier(cap) }
        return result
    }

    /// A payment base by its file name.
    func base(_ at: Located) throws(ScenarioError) -> PaymentBase {
        let name = try text(at)
        guard let base = PaymentBase(rawValue: name) else {
            throw error(at, "unknown base '\(name)'; expected one of \(PaymentBase.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return base
    }

    /// A deductible: `{annual: NAME}`, or a per-claim yuan table (or one amount for every level).
    func deductible(_ at: Located) throws(ScenarioError) -> Deductible {
        if case .mapping(let m) = at.node, m["annual"] != nil {
            let f = try fields(at, allowed: ["annual"])
            return .annual(try identifier(f["annual"]!))
        }
        return .perClaim(try moneyTable(at))
    }

    /// A `when:` filter.
    func filter(_ at: Located) throws(ScenarioError) -> ClaimFilter {
        let f = try fields(at, allowed: ["settings", "levels", "referral_compliant", "in_county", "diseases",
                                         "exclude_diseases", "poverty_status", "welfare_category"])
        var filter = ClaimFilter()
        if let a = f["settings"] { filter.settings = try names(a, kind: "setting", all: ClaimSetting.allCases, name: \.fileName) }
        if let a = f["levels"] { filter.levels = try names(a, kind: "level", all: FacilityLevel.allCases, name: \.fileName) }
        if let a = f["referral_compliant"] { filter.referralCompliant = try bool(a) }
        if let a = f["in_county"] { filter.inCounty = try bool(a) }
        if let a = f["diseases"] { filter.diseaseLists = try stringList(a).map(\.value) }
        if let a = f["exclude_diseases"] { filter.excludedDiseaseLists = try stringList(a).map(\.value) }
        if let a = f["poverty_status"] { filter.povertyStatuses = try names(a, kind: "poverty status", all: PovertyStatus.allCases, name: \.fileName) }
        if let a = f["welfare_category"] { filter.welfareCategories = try names(a, kind: "welfare category", all: WelfareCategory.allCases, name: \.fileName) }
        return filter
    }
}
