import RandomStreams
import Settlement

/// Simulates one county in one year of one draw: for every registered poor
/// person, samples the year's claims from the person's own random stream keyed
/// by (seed, draw, county, year, person), settles them in order through the
/// settlement engine, and adds the results to the county's ledger row.
///
/// A person-year's claims are settled in a fixed order: the year's general
/// outpatient visits (one claim), the year of each catalog condition, then the
/// admissions. When the population has more than one welfare category, the
/// person's category is drawn first, with one extra uniform from the same
/// stream; when everyone is registered poor nothing is drawn, so those
/// scenarios sample exactly what they sampled before categories existed. Results depend only on the key, never on threads or on which
/// other counties or draws run.
///
/// **Sample once, settle many.** The simulator may settle every sampled claim
/// under several plans (``PlanLedger``s), each with its own person-year
/// accumulators and its own row in one flat ledger: plan k's row is
/// `ledger[ledgerOffsets[k] ..< ledgerOffsets[k] + layouts[k].count]`. Sampling
/// never looks at settlement results, so each plan's row is exactly the row a
/// simulator of that plan alone would produce.
public struct CountyYearSimulator {
    /// The engine of the year (of the first plan).
    public let engine: SettlementEngine
    /// The model.
    public let model: SimulationModel
    /// The ledger layout (of the first plan).
    public let layout: LedgerLayout
    /// Where each plan's row starts in the flat ledger.
    public let ledgerOffsets: [Int]
    /// The length of the flat ledger: every plan's row, one after the other.
    public let ledgerCount: Int
    /// The first plan's slots (the capitation pilots' bookings are the first plan's).
    @usableFromInline let slots: LedgerSlots
    /// The settlement side of each plan.
    @usableFromInline var plans: [PlanSettler]
    @usableFromInline let conditionDisease: [Int32]
    @usableFromInline let conditionSetting: [ClaimSetting]
    @usableFromInline let conditionLevel: [FacilityLevel]
    /// The welfare-category sampler, or `nil` when everyone is registered poor.
    @usableFromInline let welfareSampler: WelfareCategorySampler?
    /// While settling a covered person: add up the out-of-pocket of the claims the income-line guarantee counts.
    @usableFromInline var auditing = false
    /// The covered person's counted out-of-pocket so far (fen), added up claim by claim.
    @usableFromInline var auditedOutOfPocket: Int64 = 0
    @usableFromInline var before: [Int64]

    /// Creates a simulator for a year's engine. `catastrophicShare` of the year's
    /// income line is the out-of-pocket above which a person-year counts as catastrophic.
    public init(engine: SettlementEngine, model: SimulationModel, layout: LedgerLayout, catastrophicShare: Double = 0.4) {
        self.init(plans: [PlanLedger(engine: engine, layout: layout, catastrophicShare: catastrophicShare)], model: model)
    }

    /// Creates a simulator that settles every claim under each of `plans` (at
    /// least one), booking plan k into its row of the flat ledger (see the type's
    /// documentation). Capitation coverage, when used, books the first plan.
    public init(plans: [PlanLedger], model: SimulationModel) {
        precondition(!plans.isEmpty, "at least one plan")
        engine = plans[0].engine
        self.model = model
        layout = plans[0].layout
        slots = LedgerSlots(plans[0].layout)
        var offsets: [Int] = []
        var settlers: [PlanSettler] = []
        var next = 0
        for plan in plans {
            offsets.append(next)
            settlers.append(PlanSettler(plan, base: next))
            next += plan.layout.count
        }
        ledgerOffsets = offsets
        ledgerCount = next
        self.plans = settlers
        conditionDisease = model.conditions.map(\.disease)
        conditionSetting = model.conditions.map(\.setting)
        conditionLevel = model.conditions.map(\.level)
        welfareSampler = model.population.drawsWelfareCategory ? WelfareCategorySampler(shares: model.population.welfareShares) : nil
        before = [Int64](repeating: 0, count: engine.tierCount + 2)
    }

    /// Simulates the people of `cells` (counts per population cell) and adds to `ledger` (fen and counts).
    public mutating func simulate(cells: [Int], tables: YearTables, seed: UInt64, draw: Int, county: Int, year: Int,
                                  ledger: inout [Int64]) {
        var none: [Int64] = []
        simulate(cells: cells, tables: tables, seed: seed, draw: draw, county: county, year: year, ledger: &ledger,
                 coverage: nil, pilotLedger: &none)
    }

    /// Simulates the people of `cells` as above and, for the people `coverage`
    /// selects (a capitation pilot's), also adds their tier payments, out-of-pocket,
    /// cost, head count and income-line violations to `pilotLedger`
    /// (``PilotLedgerLayout``, fen and counts). Covered people are simulated and
    /// settled exactly like the others: `ledger` is the same with or without coverage.
    public mutating func simulate(cells: [Int], tables: YearTables, seed: UInt64, draw: Int, county: Int, year: Int,
                                  ledger: inout [Int64], coverage: PilotCoverage?, pilotLedger: inout [Int64]) {
        let population = model.population
        let countyKey = population.countyStreamKeys[county]
        var person: UInt32 = 0
        for band in population.ageBandLowerBounds.indices {
            let group = AgeGroup(bandLowerBound: population.ageBandLowerBounds[band]).rawValue
            for sex in 0..<2 {
                for status in PovertyStatus.allCases {
                    let count = cells[population.cell(band: band, sex: sex, status: status)]
                    for _ in 0..<count {
                        var stream = RandomStream(key: StreamKey(seed: seed, purpose: .healthCareUse, draw: UInt32(draw),
                                                                 county: countyKey, year: UInt32(year), person: person))
                        if let coverage, coverage.covers(Int(person)) {
                            simulateCovered(group: group, sex: sex, status: status, tables: tables, stream: &stream,
                                            ledger: &ledger, pilotLedger: &pilotLedger)
                        } else {
                            simulatePerson(group: group, sex: sex, status: status, tables: tables, stream: &stream, ledger: &ledger)
                        }
                        person &+= 1
                    }
                }
            }
        }
    }

    /// Simulates a covered person and books the difference their claims made
    /// to the county row into the pilot row, with the independent income-line audit.
    @usableFromInline
    mutating func simulateCovered(group: Int, sex: Int, status: PovertyStatus, tables: YearTables,
                                  stream: inout RandomStream, ledger: inout [Int64], pilotLedger: inout [Int64]) {
        let tiers = engine.tierCount
        let pilot = PilotLedgerLayout(tierCount: tiers)
        for t in 0..<tiers { before[t] = ledger[t] }
        before[tiers] = ledger[slots.outOfPocket]
        before[tiers + 1] = ledger[slots.totalCost]
        auditing = true
        auditedOutOfPocket = 0
        simulatePerson(group: group, sex: sex, status: status, tables: tables, stream: &stream, ledger: &ledger)
        auditing = false
        for t in 0..<tiers { pilotLedger[t] &+= ledger[t] &- before[t] }
        pilotLedger[pilot.outOfPocket] &+= ledger[slots.outOfPocket] &- before[tiers]
        pilotLedger[pilot.totalCost] &+= ledger[slots.totalCost] &- before[tiers + 1]
        pilotLedger[pilot.coveredPeople] &+= 1
        if let line = engine.incomeLine, auditedOutOfPocket > line.fen { pilotLedger[pilot.incomeLineViolations] &+= 1 }
    }

    @inlinable
    mutating func simulatePerson(group: Int, sex: Int, status: PovertyStatus, tables: YearTables,
                                 stream: inout RandomStream, ledger: inout [Int64]) {
        startPerson()
        var claims = 0
        var inpatientCare = false
        let welfare = welfareSampler?.sample(&stream) ?? .registeredPoor

        // General outpatient: the year's visits as one claim.
        let visits = tables.visits[group].sample(&stream)
        if visits > 0 {
            let cost = Gamma(shape: Double(visits) * tables.visitShape, scale: tables.visitScale).sample(&stream)
            let total = Money(roundingYuan: cost)
            let policy = Money(roundingYuan: cost * tables.outpatientPolicyShare)
            let fee = Money(fen: min(policy.fen, Money(roundingYuan: Double(visits) * tables.feePerVisit).fen))
            let claim = Claim(setting: .generalOutpatient, level: .township, inCounty: true, referralCompliant: true,
                              totalCost: total, policyRangeCost: policy, consultationFee: fee, povertyStatus: status,
                              welfareCategory: welfare)
            settle(claim, ledger: &ledger)
            claims &+= 1
        }

        // Catalog conditions, independent Bernoulli(p_d), sampled exactly by inversion with one
        // uniform per condition found plus one to stop: from position s, the first condition
        // present is the first k ≥ s with N_{k+1} > N_s / (1 − u), and none is present when
        // u ≥ 1 − N_s (N_s = P(none of s, s+1, …)). Most people need a single uniform.
        let row = group &* 2 &+ sex
        var s = 0
        while s < tables.conditionCount, let d = tables.nextCondition(row: row, from: s, uniform: stream.nextDouble()) {
            s = d &+ 1
            let fixed = tables.conditionFixedCost[d]
            let cost = fixed >= 0 ? fixed : tables.conditionCost[d].sample(&stream)
            let setting = conditionSetting[d]
            let claim = Claim(setting: setting, level: conditionLevel[d], inCounty: conditionLevel[d].rawValue <= FacilityLevel.county.rawValue,
                              referralCompliant: true, disease: conditionDisease[d],
                              totalCost: Money(roundingYuan: cost), policyRangeCost: Money(roundingYuan: cost * tables.conditionPolicyShare[d]),
                              povertyStatus: status, welfareCategory: welfare)
            settle(claim, ledger: &ledger)
            claims &+= 1
            if setting == .majorDisease || setting == .inpatient { inpatientCare = true }
        }

        // Admissions not tied to a catalog condition.
        let admissions = tables.admissions[group].sample(&stream)
        for _ in 0..<admissions {
            let u = stream.nextDouble()
            var level = 0
            while level < 3 && u >= tables.levelCumulative[level] { level &+= 1 }
            let cost = tables.admissionCost[level].sample(&stream)
            let inCounty = stream.nextDouble() < tables.inCounty[level]
            let compliant = stream.nextDouble() < (inCounty ? tables.compliantInCounty : tables.compliantOutOfCounty)
            let claim = Claim(setting: .inpatient, level: FacilityLevel(rawValue: level)!, inCounty: inCounty,
                              referralCompliant: compliant, totalCost: Money(roundingYuan: cost),
                              policyRangeCost: Money(roundingYuan: cost * tables.admissionPolicyShare[level]), povertyStatus: status,
                              welfareCategory: welfare)
            settle(claim, ledger: &ledger)
            claims &+= 1
            inpatientCare = true
        }

        finishPerson(hadClaims: claims > 0, inpatientCare: inpatientCare, ledger: &ledger)
    }

    // MARK: Settlement side: every plan's person-year accumulators, claim bookings and end-of-person bookings.

    /// Starts a person-year under every plan.
    @inlinable
    mutating func startPerson() {
        plans.withUnsafeMutableBufferPointer { plans in
            for k in 0..<plans.count { plans[k].startPerson() }
        }
    }

    /// Settles one sampled claim under every plan and books it into each plan's row.
    @inlinable
    mutating func settle(_ claim: Claim, ledger: inout [Int64]) {
        // One uniqueness check of the ledger and of the plans per claim, not one per booking.
        let oop = ledger.withUnsafeMutableBufferPointer { storage in
            plans.withUnsafeMutableBufferPointer { plans in
                let oop = plans[0].settle(claim, ledger: storage)
                var k = 1
                while k < plans.count {
                    _ = plans[k].settle(claim, ledger: storage)
                    k &+= 1
                }
                return oop
            }
        }
        if auditing && engine.countsTowardIncomeLine(claim) { auditedOutOfPocket &+= oop }
    }

    /// Books the end of the person-year under every plan (head counts; at the
    /// income line and catastrophic are per plan).
    @inlinable
    mutating func finishPerson(hadClaims: Bool, inpatientCare: Bool, ledger: inout [Int64]) {
        ledger.withUnsafeMutableBufferPointer { storage in
            plans.withUnsafeMutableBufferPointer { plans in
                for k in 0..<plans.count { plans[k].finishPerson(hadClaims: hadClaims, inpatientCare: inpatientCare, ledger: storage) }
            }
        }
    }
}
