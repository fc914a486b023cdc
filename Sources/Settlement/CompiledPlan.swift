import PolicyCatalog

/// An annual amount of the person-year (a cap or an annual deductible) and the
/// accumulator slot of ``PersonYearState`` that counts what has been used of it.
@usableFromInline
struct CompiledAccumulator: Sendable {
    /// The accumulator's slot in the person-year state.
    @usableFromInline var slot: Int
    /// The annual amount, fen.
    @usableFromInline var amount: Int64
}

/// A coinsurance rule's deductible, compiled: per-claim amounts by level, or an annual accumulator.
@usableFromInline
enum CompiledDeductible: Sendable {
    /// No deductible.
    case none
    /// Per claim, fen by facility level (township, county, prefecture, provincial).
    case perClaim(SIMD4<Int64>)
    /// An annual deductible of the tier, consumed claim by claim.
    case annual(CompiledAccumulator)
}

/// A rule compiled for the hot path: masks instead of sets, slots instead of names.
@usableFromInline
struct CompiledRule: Sendable {
    @usableFromInline var filter: CompiledFilter
    @usableFromInline var isTopUp: Bool
    @usableFromInline var base: PaymentBase
    /// Ratio (coinsurance) or target (top-up) by level, in ppm.
    @usableFromInline var rate: SIMD4<Int64>
    @usableFromInline var deductible: CompiledDeductible
    @usableFromInline var feeInFull: Bool
    /// The minimum payment as a share of the base (coinsurance only).
    @usableFromInline var floor: Rate?
    /// The annual cap the rule's payments count against.
    @usableFromInline var cap: CompiledAccumulator?
}

/// A tier's income-line guarantee compiled: which claims count, the year's line, and the
/// accumulator of the person's counted out-of-pocket.
@usableFromInline
struct CompiledLimit: Sendable {
    @usableFromInline var filter: CompiledFilter
    /// The year's line, fen.
    @usableFromInline var line: Int64
    /// Slot of the counted out-of-pocket in the person-year state.
    @usableFromInline var slot: Int
}

/// A tier compiled for the hot path.
@usableFromInline
struct CompiledTier: Sendable {
    /// The tier's rules in ``CompiledPlan/rules``.
    @usableFromInline var rules: Range<Int>
    @usableFromInline var limit: CompiledLimit?
}

/// A ``SettlementPlan`` compiled for one year: every rule and tier in flat arrays,
/// disease lists as bit masks per catalog disease, and the person-year
/// accumulators (caps, annual deductibles, counted out-of-pocket) numbered.
@usableFromInline
struct CompiledPlan: Sendable {
    @usableFromInline var rules: [CompiledRule] = []
    @usableFromInline var tiers: [CompiledTier] = []
    /// Per catalog disease, the bits of the disease lists it belongs to.
    @usableFromInline var diseaseMasks: [UInt64] = []
    /// Number of person-year accumulators.
    @usableFromInline var slotCount = 0
    /// Bit of each disease list by name (built-in lists first, then the scenario's).
    var listBits: [String: UInt64] = [:]

    /// Compiles `plan` for `year`; see ``SettlementEngine/init(plan:year:catalog:)`` for what is refused.
    init(plan: SettlementPlan, year: Int, catalog: DiseaseCatalog) throws(PlanError) {
        try compileDiseaseLists(plan.diseaseLists, catalog: catalog)
        var tierIDs = Set<String>()
        for tier in plan.tiers {
            guard tierIDs.insert(tier.id).inserted else { throw PlanError(path: "tiers[\(tier.id)]", message: "duplicate tier id") }
            try compileTier(tier, year: year)
        }
    }

    /// Gives every disease list a bit (built-in ones first, then the scenario's in name
    /// order) and every catalog disease the mask of the lists it is on.
    mutating func compileDiseaseLists(_ lists: [String: [String]], catalog: DiseaseCatalog) throws(PlanError) {
        for (i, entry) in DiseaseListSet.named.enumerated() { listBits[entry.name] = 1 << UInt64(i) }
        diseaseMasks = catalog.diseases.map { disease -> UInt64 in
            var m: UInt64 = 0
            for (i, entry) in DiseaseListSet.named.enumerated() where disease.lists.contains(entry.list) { m |= 1 << UInt64(i) }
            return m
        }
        var nextBit = DiseaseListSet.named.count
        for name in lists.keys.sorted() {
            let path = "disease_lists.\(name)"
            guard listBits[name] == nil else { throw PlanError(path: path, message: "redefines a built-in disease list") }
            guard nextBit < 64 else { throw PlanError(path: path, message: "too many disease lists (at most \(64 - DiseaseListSet.named.count) of the scenario's own)") }
            let bit: UInt64 = 1 << UInt64(nextBit)
            nextBit += 1
            listBits[name] = bit
            for code in lists[name]! {
                guard let index = catalog.index(of: code) else {
                    throw PlanError(path: path, message: "unknown disease code '\(code)'; expected a code of the catalog (`fundsim diseases`)")
                }
                diseaseMasks[index] |= bit
            }
        }
    }

    /// A new accumulator slot for an annual amount.
    mutating func accumulator(_ amount: Money) -> CompiledAccumulator {
        defer { slotCount += 1 }
        return CompiledAccumulator(slot: slotCount, amount: amount.fen)
    }

    /// The named annual amounts of a tier (caps or deductibles), each with its own slot, in name order.
    mutating func accumulators(_ amounts: [String: Money], path: String, what: String) throws(PlanError) -> [String: CompiledAccumulator] {
        var result: [String: CompiledAccumulator] = [:]
        for (name, amount) in amounts.sorted(by: { $0.key < $1.key }) {
            guard amount.fen >= 0 else { throw PlanError(path: "\(path).\(name)", message: "negative \(what)") }
            result[name] = accumulator(amount)
        }
        return result
    }

    /// Compiles a tier: its caps and annual deductibles, its rules, then its income-line guarantee.
    mutating func compileTier(_ tier: Tier, year: Int) throws(PlanError) {
        let path = "tiers[\(tier.id)]"
        let caps = try accumulators(tier.annualCaps, path: "\(path).annual_caps", what: "cap")
        let deductibles = try accumulators(tier.annualDeductibles, path: "\(path).annual_deductibles", what: "deductible")
        let first = rules.count
        var ruleIDs = Set<String>()
        for rule in tier.rules {
            let rulePath = "\(path).rules[\(rule.id)]"
            guard ruleIDs.insert(rule.id).inserted else { throw PlanError(path: rulePath, message: "duplicate rule id in tier") }
            rules.append(try compileRule(rule, caps: caps, deductibles: deductibles, path: rulePath))
        }
        let limit = try tier.outOfPocketLimit.map { limit throws(PlanError) in try compileLimit(limit, year: year, path: "\(path).out_of_pocket_limit") }
        tiers.append(CompiledTier(rules: first..<rules.count, limit: limit))
    }

    /// Compiles one rule against its tier's caps and annual deductibles.
    func compileRule(_ rule: TierRule, caps: [String: CompiledAccumulator], deductibles: [String: CompiledAccumulator],
                     path: String) throws(PlanError) -> CompiledRule {
        let filter = try CompiledFilter(rule.filter, listBits: listBits, path: path)
        func cap(_ name: String?) throws(PlanError) -> CompiledAccumulator? {
            guard let name else { return nil }
            guard let c = caps[name] else {
                throw PlanError(path: "\(path).cap", message: "unknown cap '\(name)'; the tier's annual_caps are: \(caps.keys.sorted().joined(separator: ", "))")
            }
            return c
        }
        switch rule.formula {
        case .coinsurance(let c):
            for level in FacilityLevel.allCases { try Self.checkRate(c.ratio[level], path: "\(path).ratio.\(level.fileName)") }
            if let f = c.floor { try Self.checkRate(f, path: "\(path).floor") }
            return CompiledRule(filter: filter, isTopUp: false, base: c.base,
                                rate: SIMD4(c.ratio.township.ppm, c.ratio.county.ppm, c.ratio.prefecture.ppm, c.ratio.provincial.ppm),
                                deductible: try Self.compileDeductible(c.deductible, deductibles: deductibles, path: path),
                                feeInFull: c.consultationFeeInFull, floor: c.floor, cap: try cap(c.cap))
        case .topUp(let t):
            try Self.checkRate(t.target, path: "\(path).target")
            guard t.base == .policyRange || t.base == .totalCost else {
                throw PlanError(path: "\(path).base", message: "a top-up's base must be policy_range or total_cost")
            }
            return CompiledRule(filter: filter, isTopUp: true, base: t.base, rate: SIMD4(repeating: t.target.ppm),
                                deductible: .none, feeInFull: false, floor: nil, cap: try cap(t.cap))
        }
    }

    /// Refuses a ratio outside [0, 1].
    static func checkRate(_ r: Rate, path: String) throws(PlanError) {
        guard r.ppm >= 0 && r.ppm <= 1_000_000 else {
            throw PlanError(path: path, message: "\(r) is outside [0, 1]; expected a ratio between 0 and 1")
        }
    }

    /// Compiles a coinsurance deductible: per-claim amounts by level, or the tier's annual deductible it names.
    static func compileDeductible(_ deductible: Deductible, deductibles: [String: CompiledAccumulator],
                                  path: String) throws(PlanError) -> CompiledDeductible {
        switch deductible {
        case .none:
            return .none
        case .perClaim(let table):
            var perClaim = SIMD4<Int64>(repeating: 0)
            for level in FacilityLevel.allCases {
                guard table[level].fen >= 0 else { throw PlanError(path: "\(path).deductible.\(level.fileName)", message: "negative deductible") }
                perClaim[level.rawValue] = table[level].fen
            }
            return .perClaim(perClaim)
        case .annual(let name):
            guard let d = deductibles[name] else {
                throw PlanError(path: "\(path).deductible", message: "unknown annual deductible '\(name)'; the tier's annual_deductibles are: \(deductibles.keys.sorted().joined(separator: ", "))")
            }
            return .annual(d)
        }
    }

    /// Compiles an income-line guarantee for the year: its filter, the year's line and a new slot.
    mutating func compileLimit(_ limit: OutOfPocketLimit, year: Int, path: String) throws(PlanError) -> CompiledLimit {
        guard let line = limit.line[year] else {
            throw PlanError(path: "\(path).line", message: "no line for year \(year); the line is given for \(limit.line.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        guard line.fen >= 0 else { throw PlanError(path: "\(path).line", message: "negative line") }
        let filter = try CompiledFilter(limit.filter, listBits: listBits, path: path)
        return CompiledLimit(filter: filter, line: line.fen, slot: accumulator(line).slot)
    }
}

/// Which rule of each tier applies to a claim, and whether each tier's guarantee counts
/// it, decided once per claim class at compile time instead of by matching every rule's
/// filter per claim: a class is what the filters test (setting × level × compliance ×
/// county × poverty status × welfare category × the set of disease lists the claim's
/// disease is on). Diseases on the same lists share a class.
@usableFromInline
struct RuleTable: Sendable {
    @usableFromInline let tierCount: Int
    /// A claim's class by its disease: entry 0 for a claim without a disease, entry
    /// `1 + position` for a disease index (``DiseaseIndex/capacity`` of them, so any index
    /// has an entry); an index outside the catalog is in class 0, the class of the
    /// diseases on no list, as it is for a claim without a disease.
    @usableFromInline let diseaseClass: [Int32]
    /// Per (claim class, tier): the index in ``CompiledPlan/rules`` of the tier's first rule
    /// whose filter matches, or the tier's `rules.upperBound` when none does.
    @usableFromInline let firstMatch: [Int32]
    /// Per (claim class, tier): whether the tier has a guarantee and it counts the claim.
    @usableFromInline let guaranteeCounts: [Bool]

    init(plan: CompiledPlan) {
        // ``row(of:)`` multiplies by these counts as literals.
        precondition([ClaimSetting.allCases.count, FacilityLevel.allCases.count, PovertyStatus.allCases.count,
                      WelfareCategory.allCases.count] == [4, 4, 2, 3], "RuleTable.row(of:) assumes 4 settings, 4 levels, 2 statuses, 3 categories")
        tierCount = plan.tiers.count
        var classMasks: [UInt64] = [0]
        var representative: [DiseaseIndex?] = [nil]
        var classes = [Int32](repeating: 0, count: 1 + DiseaseIndex.capacity)
        for (d, mask) in plan.diseaseMasks.enumerated() {
            if let c = classMasks.firstIndex(of: mask) {
                classes[1 &+ d] = Int32(c)
            } else {
                classes[1 &+ d] = Int32(classMasks.count)
                classMasks.append(mask)
                representative.append(DiseaseIndex(d))
            }
        }
        diseaseClass = classes
        var first: [Int32] = []
        var counts: [Bool] = []
        for disease in representative {
            for setting in ClaimSetting.allCases {
                for level in FacilityLevel.allCases {
                    for compliant in [true, false] {
                        for inCounty in [true, false] {
                            for status in PovertyStatus.allCases {
                                for welfare in WelfareCategory.allCases {
                                    var claim = Claim(setting: setting, level: level, inCounty: inCounty, referralCompliant: compliant,
                                                      disease: disease, totalCost: .zero, policyRangeCost: .zero,
                                                      povertyStatus: status, welfareCategory: welfare)
                                    // An outpatient claim is compliant whatever its flag: the class of a
                                    // non-compliant one is never looked up, fill it like the compliant one.
                                    if setting.isOutpatient { claim.referralCompliant = true }
                                    let key = ClaimKey(claim, diseaseMasks: plan.diseaseMasks)
                                    for tier in plan.tiers {
                                        let match = tier.rules.first { plan.rules[$0].filter.matches(key) } ?? tier.rules.upperBound
                                        first.append(Int32(match))
                                        counts.append(tier.limit.map { $0.filter.matches(key) } ?? false)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        firstMatch = first
        guaranteeCounts = counts
    }

    /// Where a claim's class starts in ``firstMatch`` and ``guaranteeCounts`` (one entry per tier).
    @inlinable @inline(__always)
    func row(of claim: Claim) -> Int {
        var i = Int(diseaseClass[claim.disease.map { $0.position &+ 1 } ?? 0])
        i = i &* 4 &+ claim.setting.rawValue
        i = i &* 4 &+ claim.level.rawValue
        i = i &* 2 &+ (claim.isCompliant ? 0 : 1)
        i = i &* 2 &+ (claim.inCounty ? 0 : 1)
        i = i &* 2 &+ claim.povertyStatus.rawValue
        i = i &* 3 &+ claim.welfareCategory.rawValue
        return i &* tierCount
    }
}
