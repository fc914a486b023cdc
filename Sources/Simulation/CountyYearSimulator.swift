import PolicyCatalog
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
    @usableFromInline let conditionDisease: [DiseaseIndex]
    @usableFromInline let conditionSetting: [ClaimSetting]
    @usableFromInline let conditionLevel: [FacilityLevel]
    /// The welfare-category sampler, or `nil` when everyone is registered poor.
    @usableFromInline let welfareSampler: WelfareCategorySampler?
    /// While settling a covered person: add up the out-of-pocket of the claims the income-line guarantee counts.
    @usableFromInline var auditing = false
    /// The covered person's counted out-of-pocket so far (fen), added up claim by claim.
    @usableFromInline var auditedOutOfPocket: Int64 = 0
    @usableFromInline var before: [Int64]
    /// The distribution of household sizes (index k: size k + 1).
    @usableFromInline let householdSizes: Categorical
    /// The county-year's households.
    @usableFromInline var households = HouseholdAssignment()
    /// Per plan, whether each household of the county-year has a member with illness
    /// (plan k's households at `k × households.count`).
    @usableFromInline var householdIll: [Bool] = []
    /// Whether the person just simulated had a catalog illness in the sense of 因病致贫
    /// screening: a persistent disease state, or a claim of a chronic-outpatient or
    /// major-disease condition of the catalog (the 28 and the 15). A catastrophic
    /// out-of-pocket year (per plan) also counts.
    @usableFromInline var catalogIllness = false
    /// Whether a person-year with nothing beyond general outpatient is booked through the
    /// outpatient-only fast path (``PlanSettler/settleOutpatientOnly(hasClaim:total:policyRange:fee:kind:ledger:)``),
    /// and the general-outpatient claim of one with more claims through ``PlanSettler/settleFirstOutpatient(total:policyRange:fee:kind:ledger:)``;
    /// off, they go through the engine like any other claim. Tests turn it off to compare the two.
    @usableFromInline var fastPaths = true
    /// `WelfareCategory.allCases.count`, kept: `allCases` builds an array on every call.
    @usableFromInline let welfareCategoryCount = WelfareCategory.allCases.count

    /// Creates a simulator for a year's engine. `catastrophicShare` of the year's
    /// income line is the out-of-pocket above which a person-year counts as catastrophic
    /// (`nil`: none counts).
    public init(engine: SettlementEngine, model: SimulationModel, layout: LedgerLayout, catastrophicShare: Double?) {
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
        householdSizes = Categorical(weights: model.population.householdSizeShares)
    }

    /// The out-of-pocket above which a person-year counts as catastrophic: `share` of the
    /// year's income line (rounded to the fen), or `nil` when the plan has no income line.
    public static func catastrophicThreshold(engine: SettlementEngine, share: Double) -> Money? {
        engine.incomeLine.map { Money(fen: Int64((Double($0.fen) * share).rounded())) }
    }

    /// Simulates the people of `cells` (counts per population cell) and adds to `ledger` (fen and counts).
    public mutating func simulate(cells: [Int], tables: YearTables, seed: UInt64, draw: Int, county: Int, year: Int,
                                  ledger: inout [Int64], diseaseCells: [Int]? = nil) {
        var none: [Int64] = []
        simulate(cells: cells, tables: tables, seed: seed, draw: draw, county: county, year: year, ledger: &ledger,
                 coverage: nil, pilotLedger: &none, diseaseCells: diseaseCells)
    }

    /// Simulates the people of `cells` as above and, for the people `coverage`
    /// selects (a capitation pilot's), also adds their tier payments, out-of-pocket,
    /// cost, head count and income-line violations to `pilotLedger`
    /// (``PilotLedgerLayout``, fen and counts). Covered people are simulated and
    /// settled exactly like the others: `ledger` is the same with or without coverage.
    ///
    /// `diseaseCells` (from a cohort projection: ``PopulationProjection/diseaseCells(county:year:draw:cells:)``)
    /// splits each cell's people by persistent disease state at the start of the year,
    /// `tables.stateCount` entries per cell: the cell's first people are in state 0 (none),
    /// the next in state 1, and so on. Without it everyone starts free of every state.
    ///
    /// People live in households (``HouseholdAssignment``, from the county-year's own
    /// population stream); each plan's row gets `households` and `households_with_illness`.
    ///
    /// `householdSizeShares`, when given, is the county's own distribution of household sizes
    /// (``PopulationModel/householdSizeShares(county:parameters:)``); `nil`: the province's.
    public mutating func simulate(cells: [Int], tables: YearTables, seed: UInt64, draw: Int, county: Int, year: Int,
                                  ledger: inout [Int64], coverage: PilotCoverage?, pilotLedger: inout [Int64],
                                  diseaseCells: [Int]? = nil, householdSizeShares: [Double]? = nil) {
        var none = NoPersonYearObserver()
        simulate(cells: cells, tables: tables, seed: seed, draw: draw, county: county, year: year, ledger: &ledger,
                 coverage: coverage, pilotLedger: &pilotLedger, diseaseCells: diseaseCells, householdSizeShares: householdSizeShares,
                 observer: &none)
    }

    /// Simulates as above and shows each person-year to `observer` (``PersonYearObserver``).
    public mutating func simulate<Observer: PersonYearObserver>(
        cells: [Int], tables: YearTables, seed: UInt64, draw: Int, county: Int, year: Int,
        ledger: inout [Int64], coverage: PilotCoverage?, pilotLedger: inout [Int64],
        diseaseCells: [Int]? = nil, householdSizeShares: [Double]? = nil, observer: inout Observer
    ) {
        observer.countyYearStarting(ledger: ledger)
        let population = model.population
        let countyKey = population.countyStreamKeys[county]
        let states = tables.stateCount
        let stateLayout = PopulationCellLayout(bandCount: population.ageBandLowerBounds.count, stateCount: states)
        precondition(diseaseCells.map { $0.count == cells.count &* states } ?? true, "one disease split per cell")
        var householdStream = RandomStream(key: StreamKey(seed: seed, purpose: .population, draw: UInt32(draw),
                                                          county: countyKey, year: UInt32(year), person: 0))
        households.assign(cells: cells, population: population, sizes: householdSizeShares.map(Categorical.init(weights:)) ?? householdSizes, stream: &householdStream)
        let householdCount = households.count
        householdIll.removeAll(keepingCapacity: true)
        householdIll.append(contentsOf: repeatElement(false, count: householdCount &* plans.count))
        // Every person's stream has the same Philox key (seed and purpose): computed once.
        let healthStream = StreamKey(seed: seed, purpose: .healthCareUse, draw: UInt32(draw), county: countyKey, year: UInt32(year), person: 0)
        let healthKey = healthStream.philoxKey
        // People's first blocks, sixteen at a time (block i: person `person & ~15 + i`); only counter word 1 differs.
        let counter0 = healthStream.philoxCounter(block: 0)
        // Stored block by block (a person's is one 16-byte load; read lane by lane from the
        // vectors, the eight blocks were copied on the stack for every person).
        let firstBlocks = UnsafeMutablePointer<Philox4x32.Block>.allocate(capacity: 16)
        defer { firstBlocks.deallocate() }
        let healthStreams = RandomStream(key: healthStream, philoxKey: healthKey)
        var person: UInt32 = 0
        for band in population.ageBandLowerBounds.indices {
            let group = AgeGroup(bandLowerBound: population.ageBandLowerBounds[band]).rawValue
            for sex in Sex.allCases {
                for status in PovertyStatus.allCases {
                    let cell = population.cell(band: band, sex: sex, status: status)
                    let count = cells[cell]
                    var state = 0
                    var leftInState = diseaseCells.map { $0[stateLayout.index(cell: cell, state: 0)] } ?? count
                    for _ in 0..<count {
                        while leftInState == 0, let split = diseaseCells, state &+ 1 < states {
                            state &+= 1
                            leftInState = split[stateLayout.index(cell: cell, state: state)]
                        }
                        leftInState &-= 1
                        let lane = Int(person & 15)
                        if lane == 0 {
                            Philox4x32.sixteenBlocks(from: .init(0, person, counter0.word2, counter0.word3), varying: 1, key: healthKey,
                                                     into: firstBlocks)
                        }
                        var stream = healthStreams.sibling(person: person, firstBlock: firstBlocks[lane])
                        if let coverage, coverage.covers(Int(person)) {
                            simulateCovered(group: group, sex: sex.rawValue, status: status, diseaseState: state, tables: tables, stream: &stream,
                                            ledger: &ledger, pilotLedger: &pilotLedger)
                        } else {
                            simulatePerson(group: group, sex: sex.rawValue, status: status, diseaseState: state, tables: tables,
                                           stream: &stream, ledger: &ledger)
                        }
                        if catalogIllness || anyCatastrophic() {
                            markHousehold(Int(households.householdOf[Int(person)]), count: householdCount)
                        }
                        observer.personSimulated(cell: cell, ledger: ledger)
                        person &+= 1
                    }
                }
            }
        }
        for k in 0..<plans.count {
            var ill: Int64 = 0
            for h in 0..<householdCount where householdIll[k &* householdCount &+ h] { ill &+= 1 }
            ledger[plans[k].slots.households] &+= Int64(householdCount)
            ledger[plans[k].slots.householdsWithIllness] &+= ill
        }
    }

    /// Whether the person just simulated had a catastrophic out-of-pocket year under some plan.
    @inlinable @inline(__always)
    func anyCatastrophic() -> Bool {
        plans.withUnsafeBufferPointer { plans in
            var k = 0
            while k < plans.count {
                if plans[k].personOutOfPocket > plans[k].catastrophicFen { return true }
                k &+= 1
            }
            return false
        }
    }

    /// Marks household `h` as with illness under each plan where the person just simulated
    /// had a catalog illness or a catastrophic out-of-pocket year under that plan.
    @inlinable
    mutating func markHousehold(_ h: Int, count: Int) {
        for k in 0..<plans.count where catalogIllness || plans[k].personOutOfPocket > plans[k].catastrophicFen {
            householdIll[k &* count &+ h] = true
        }
    }

    /// Simulates a covered person and books the difference their claims made
    /// to the county row into the pilot row, with the independent income-line audit.
    @usableFromInline
    mutating func simulateCovered(group: Int, sex: Int, status: PovertyStatus, diseaseState: Int, tables: YearTables,
                                  stream: inout RandomStream, ledger: inout [Int64], pilotLedger: inout [Int64]) {
        let tiers = engine.tierCount
        let pilot = PilotLedgerLayout(tierCount: tiers)
        for t in 0..<tiers { before[t] = ledger[t] }
        before[tiers] = ledger[slots.outOfPocket]
        before[tiers + 1] = ledger[slots.totalCost]
        auditing = true
        auditedOutOfPocket = 0
        simulatePerson(group: group, sex: sex, status: status, diseaseState: diseaseState, tables: tables, stream: &stream, ledger: &ledger)
        auditing = false
        for t in 0..<tiers { pilotLedger[t] &+= ledger[t] &- before[t] }
        pilotLedger[pilot.outOfPocket] &+= ledger[slots.outOfPocket] &- before[tiers]
        pilotLedger[pilot.totalCost] &+= ledger[slots.totalCost] &- before[tiers + 1]
        pilotLedger[pilot.coveredPeople] &+= 1
        if let line = engine.incomeLine, auditedOutOfPocket > line.fen { pilotLedger[pilot.incomeLineViolations] &+= 1 }
    }

    /// Simulates one person-year and books it.
    ///
    /// **Random numbers.** The stream's first Philox block gives four 32-bit uniforms:
    /// whether anything beyond general outpatient happens (a person free of every disease
    /// state has nothing else with probability ``YearTables/nothingElse``), the number of
    /// visits, and the normal's word (ziggurat) and the acceptance uniform of the visits' Gamma cost. Most
    /// person-years need nothing more. Otherwise the extra events are sampled given that
    /// at least one happens, exactly: some catalog condition with probability (1 − N₀)/q
    /// (q = 1 − N₀·P(no new case)·P(no admission)), the conditions then by inversion of a
    /// uniform on (0, 1 − N₀) and the rest unconditionally; else a new case with
    /// probability (1 − P(no new case))/(1 − P(no new case)·P(no admission)); else at least
    /// one admission. A person in a disease state samples conditions and admissions
    /// unconditionally. The welfare category, when drawn, is the next uniform after the block.
    @inlinable
    mutating func simulatePerson(group: Int, sex: Int, status: PovertyStatus, diseaseState: Int, tables: YearTables,
                                 stream: inout RandomStream, ledger: inout [Int64]) {
        let block = stream.nextFourWords()
        let uElse = uniform32(block.word0)
        let uAccept = uniform32(block.word3)
        let welfare = welfareSampler?.sample(&stream) ?? .registeredPoor
        let row = group &* 2 &+ sex

        // General outpatient: the year's visits as one claim.
        let visits = tables.visitCounts.count(group: group, word: block.word1)
        var total = Money(fen: 0), policy = Money(fen: 0), fee = Money(fen: 0)
        if visits > 0 {
            let cost = tables.visitCost(visits: visits, normalWord: block.word2, acceptUniform: uAccept, stream: &stream)
            total = fenRounding(yuan: cost)
            policy = fenRounding(yuan: cost * tables.outpatientPolicyShare)
            fee = Money(fen: min(policy.fen, tables.visitFeeFen[visits]))
        }
        let nothingElse = tables.nothingElse[row]
        let something = diseaseState > 0 || uElse < 1 - nothingElse
        catalogIllness = false
        if !something && fastPaths && !auditing {
            bookOutpatientOnly(hasClaim: visits > 0, total: total, policyRange: policy, fee: fee,
                               kind: status.rawValue &* welfareCategoryCount &+ welfare.rawValue, ledger: &ledger)
            return
        }

        startPerson()
        var claims = 0
        var inpatientCare = false
        if visits > 0 {
            if fastPaths && !auditing {
                settleFirstOutpatient(total: total, policyRange: policy, fee: fee,
                                      kind: status.rawValue &* welfareCategoryCount &+ welfare.rawValue, ledger: &ledger)
            } else {
                settle(Self.outpatientClaim(total: total, policyRange: policy, fee: fee, status: status, welfare: welfare), ledger: &ledger)
            }
            claims &+= 1
        }

        let extra = tables.extraEvents(row: row, diseaseState: diseaseState, uniform: uElse, stream: &stream)

        // Catalog conditions, independent Bernoulli(p_d), sampled exactly by inversion with one
        // uniform per condition found plus one to stop: from position s, the first condition
        // present is the first k ≥ s with N_{k+1} > N_s / (1 − u), and none is present when
        // u ≥ 1 − N_s (N_s = P(none of s, s+1, …)).
        var s = 0
        var u = extra.conditionUniform
        while s < tables.conditionCount, let d = tables.nextCondition(row: row, from: s, uniform: u) {
            s = d &+ 1
            let claim = conditionClaim(d, tables: tables, status: status, welfare: welfare, stream: &stream)
            settle(claim, ledger: &ledger)
            claims &+= 1
            if claim.setting == .majorDisease || claim.setting == .inpatient { inpatientCare = true }
            if claim.setting != .inpatient { catalogIllness = true }
            u = stream.nextDouble()
        }

        // Conditions that come from a persistent disease state (``ConditionLink``): the stock's
        // conditions for a person in a state at the start of the year; for a person free of
        // every state, a new case (the cohort's onset rates) and its conditions.
        if tables.hasLinks {
            // Positions in the flat list of linked conditions (none by default).
            var next = 0, end = 0
            if diseaseState > 0 {
                catalogIllness = true
                next = tables.stockBounds[diseaseState]
                end = tables.stockBounds[diseaseState &+ 1]
            } else if let onsetUniform = extra.onsetUniform {
                let onset = tables.onsetState(group: group, uniform: onsetUniform)
                if onset > 0 {
                    next = tables.onsetBounds[onset]
                    end = tables.onsetBounds[onset &+ 1]
                }
            }
            let base = row &* tables.conditionCount
            while next < end {
                let d = tables.linkedConditions[next]
                next &+= 1
                let p = tables.linkedProbability[base &+ d]
                guard p >= 1 || (p > 0 && stream.nextDouble() < p) else { continue }
                let claim = conditionClaim(d, tables: tables, status: status, welfare: welfare, stream: &stream)
                settle(claim, ledger: &ledger)
                claims &+= 1
                if claim.setting == .majorDisease || claim.setting == .inpatient { inpatientCare = true }
                if claim.setting != .inpatient { catalogIllness = true }
            }
        }

        // Admissions not tied to a catalog condition.
        for _ in 0..<extra.admissions {
            let u = stream.nextDouble32()
            var level = 0
            while level < 3 && u >= tables.levelCumulative[level] { level &+= 1 }
            let cost = tables.admissionCost[level].sample(&stream, normals: tables.normals)
            let inCounty = stream.nextDouble32() < tables.inCounty[level]
            let compliant = stream.nextDouble32() < (inCounty ? tables.compliantInCounty : tables.compliantOutOfCounty)
            let claim = Claim(setting: .inpatient, level: FacilityLevel(rawValue: level)!, inCounty: inCounty,
                              referralCompliant: compliant, totalCost: fenRounding(yuan: cost),
                              policyRangeCost: fenRounding(yuan: cost * tables.admissionPolicyShare[level]), povertyStatus: status,
                              welfareCategory: welfare)
            settle(claim, ledger: &ledger)
            claims &+= 1
            inpatientCare = true
        }

        finishPerson(hadClaims: claims > 0, inpatientCare: inpatientCare, ledger: &ledger)
    }

    /// The general-outpatient claim of a person-year: the year's visits at township level, in county.
    @inlinable
    static func outpatientClaim(total: Money, policyRange: Money, fee: Money, status: PovertyStatus,
                                welfare: WelfareCategory) -> Claim {
        Claim(setting: .generalOutpatient, level: .township, inCounty: true, referralCompliant: true,
              totalCost: total, policyRangeCost: policyRange, consultationFee: fee, povertyStatus: status,
              welfareCategory: welfare)
    }

    /// Books a person-year whose only claim is general outpatient (or who has none) under
    /// every plan through ``PlanSettler/settleOutpatientOnly(hasClaim:total:policyRange:fee:kind:ledger:)``.
    @inlinable
    mutating func bookOutpatientOnly(hasClaim: Bool, total: Money, policyRange: Money, fee: Money, kind: Int,
                                     ledger: inout [Int64]) {
        ledger.withUnsafeMutableBufferPointer { storage in
            plans.withUnsafeMutableBufferPointer { plans in
                for k in 0..<plans.count {
                    plans[k].settleOutpatientOnly(hasClaim: hasClaim, total: total.fen, policyRange: policyRange.fen, fee: fee.fen,
                                                  kind: kind, ledger: storage.baseAddress!)
                }
            }
        }
    }

    /// Settles and books the general-outpatient claim as a person-year's first claim under every
    /// plan through ``PlanSettler/settleFirstOutpatient(total:policyRange:fee:kind:ledger:)`` (the
    /// person-year has further claims, settled by the engine from the accumulators it leaves).
    @inlinable
    mutating func settleFirstOutpatient(total: Money, policyRange: Money, fee: Money, kind: Int, ledger: inout [Int64]) {
        ledger.withUnsafeMutableBufferPointer { storage in
            plans.withUnsafeMutableBufferPointer { plans in
                for k in 0..<plans.count {
                    _ = plans[k].settleFirstOutpatient(total: total.fen, policyRange: policyRange.fen, fee: fee.fen, kind: kind,
                                                       ledger: storage)
                }
            }
        }
    }

    /// Samples the claim of a year (or case) of condition `d`: its cost, and the claim's attributes.
    /// Always inlined: called out of line, the person-year copied the 744-byte `tables` for every call.
    @inlinable @inline(__always)
    func conditionClaim(_ d: Int, tables: YearTables, status: PovertyStatus, welfare: WelfareCategory,
                        stream: inout RandomStream) -> Claim {
        let cost: Double
        switch tables.conditionCost[d] {
        case .fixed(let yuan): cost = yuan
        case .sampled(let distribution): cost = distribution.sample(&stream, normals: tables.normals)
        }
        return Claim(setting: conditionSetting[d], level: conditionLevel[d], inCounty: conditionLevel[d].rawValue <= FacilityLevel.county.rawValue,
                     referralCompliant: true, disease: conditionDisease[d],
                     totalCost: fenRounding(yuan: cost), policyRangeCost: fenRounding(yuan: cost * tables.conditionPolicyShare[d]),
                     povertyStatus: status, welfareCategory: welfare)
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
