import Settlement

/// One settlement plan a simulated person-year is settled under, and where its
/// results go: the plan's engine for the year, the layout of its ledger row, and
/// the share of the income line above which a person-year is catastrophic.
///
/// Why: points of a sweep (and the two sides of `fundsim compare`) that differ
/// only in settlement or fiscal rules have the same people and the same claims
/// under common random numbers. ``CountyYearSimulator`` samples each person-year
/// once and settles every claim under each ``PlanLedger`` in turn, each with its
/// own person-year accumulators and its own ledger row ("sample once, settle many").
public struct PlanLedger: Sendable {
    /// The plan compiled for the year.
    public var engine: SettlementEngine
    /// The layout of the plan's ledger row.
    public var layout: LedgerLayout
    /// Share of the income line above which a person-year's out-of-pocket is catastrophic (`nil`: none is).
    public var catastrophicShare: Double?

    /// Creates a plan ledger.
    public init(engine: SettlementEngine, layout: LedgerLayout, catastrophicShare: Double?) {
        self.engine = engine
        self.layout = layout
        self.catastrophicShare = catastrophicShare
    }
}

/// The settlement side of one plan inside ``CountyYearSimulator``: the engine,
/// the person-year's accumulators under this plan, and the plan's slots in the
/// simulator's flat ledger (its row starts at `base`).
@usableFromInline
struct PlanSettler {
    @usableFromInline let engine: SettlementEngine
    @usableFromInline let slots: LedgerSlots
    /// Where this plan's row starts in the flat ledger (tier t's payments at `base + t`).
    @usableFromInline let base: Int
    @usableFromInline let catastrophicFen: Int64
    /// The person-year's accumulators under this plan (``SettlementEngine/accumulatorCount``
    /// values), written through a pointer: no array uniqueness check per update. Owned by
    /// `accumulatorStorage`; a copy of the settler shares them, which is safe because a
    /// person-year starts (``startPerson()``) and ends within one call of the simulator,
    /// and the simulator is not `Sendable`.
    @usableFromInline let accumulators: UnsafeMutablePointer<Int64>
    @usableFromInline let accumulatorCount: Int
    @usableFromInline let accumulatorStorage: AccumulatorStorage
    /// The person-year's out-of-pocket so far under this plan (fen).
    @usableFromInline var personOutOfPocket: Int64 = 0
    /// The general-outpatient claim as a person-year's only claim, settled without the
    /// rule search, per (poverty status, welfare category): index
    /// `status × WelfareCategory.allCases.count + category`.
    @usableFromInline let outpatientOnly: [FirstClaimSettler]

    init(_ plan: PlanLedger, base: Int) {
        engine = plan.engine
        slots = LedgerSlots(plan.layout, offset: base)
        self.base = base
        catastrophicFen = plan.catastrophicShare.flatMap { CountyYearSimulator.catastrophicThreshold(engine: plan.engine, share: $0) }?.fen
            ?? Int64.max
        accumulatorStorage = AccumulatorStorage(count: plan.engine.accumulatorCount)
        accumulators = accumulatorStorage.base
        accumulatorCount = plan.engine.accumulatorCount
        outpatientOnly = PovertyStatus.allCases.flatMap { status in
            WelfareCategory.allCases.map { welfare in
                FirstClaimSettler(engine: plan.engine, template: CountyYearSimulator.outpatientClaim(
                    total: .zero, policyRange: .zero, fee: .zero, status: status, welfare: welfare))
            }
        }
    }

    /// Settles and books a person-year whose only claim is the general-outpatient
    /// claim of these amounts (or that has no claim at all, `hasClaim` false): exactly
    /// what ``startPerson()``, ``settle(_:ledger:)`` and ``finishPerson(hadClaims:inpatientCare:ledger:)``
    /// would book, without the rule search or the person-year accumulators.
    @inlinable
    mutating func settleOutpatientOnly(hasClaim: Bool, total: Int64, policyRange: Int64, fee: Int64, kind: Int,
                                       ledger: UnsafeMutablePointer<Int64>) {
        guard hasClaim else {
            personOutOfPocket = 0
            return
        }
        let (oop, counted) = outpatientOnly[kind].settle(total: total, policyRange: policyRange, consultationFee: fee,
                                                         addingPaymentsTo: ledger + base)
        personOutOfPocket = oop
        bookClaim(total: total, policyRange: policyRange, outOfPocket: oop, setting: .generalOutpatient, ledger: ledger)
        ledger[slots.peopleWithClaims] &+= 1
        if let counted, let line = engine.incomeLine, line.fen > 0, counted == line.fen { ledger[slots.atIncomeLine] &+= 1 }
        if oop > catastrophicFen { ledger[slots.catastrophic] &+= 1 }
    }

    /// Settles and books the general-outpatient claim of these amounts as the first claim of a
    /// person-year that has others after it (just after ``startPerson()``): the same payments,
    /// bookings and accumulators as ``settle(_:ledger:)``, without the rule search. Returns the out-of-pocket.
    @inlinable
    mutating func settleFirstOutpatient(total: Int64, policyRange: Int64, fee: Int64, kind: Int,
                                        ledger: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        let oop = outpatientOnly[kind].settle(total: total, policyRange: policyRange, consultationFee: fee,
                                              addingPaymentsTo: ledger.baseAddress! + base, freshAccumulators: accumulators)
        personOutOfPocket &+= oop
        bookClaim(total: total, policyRange: policyRange, outOfPocket: oop, setting: .generalOutpatient, ledger: ledger.baseAddress!)
        return oop
    }

    /// Books a settled claim's amounts (fen) into the plan's ledger row: what every
    /// settling path (the engine's and both outpatient fast paths) books alike.
    @inlinable @inline(__always)
    func bookClaim(total: Int64, policyRange: Int64, outOfPocket: Int64, setting: ClaimSetting,
                   ledger: UnsafeMutablePointer<Int64>) {
        ledger[slots.outOfPocket] &+= outOfPocket
        ledger[slots.totalCost] &+= total
        ledger[slots.policyRange] &+= policyRange
        ledger[slots.claims] &+= 1
        ledger[slots.costBySetting &+ setting.rawValue] &+= total
        ledger[slots.outOfPocketBySetting &+ setting.rawValue] &+= outOfPocket
    }

    /// Starts a new person-year.
    @inlinable
    mutating func startPerson() {
        var i = 0
        while i < accumulatorCount {
            accumulators[i] = 0
            i &+= 1
        }
        personOutOfPocket = 0
    }

    /// Settles one claim against the person-year under this plan and books it
    /// into the flat ledger's storage; returns its out-of-pocket.
    @inlinable
    mutating func settle(_ claim: Claim, ledger: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        let oop = engine.settle(claim, accumulators: accumulators, addingPaymentsTo: ledger.baseAddress! + base)
        let total = claim.totalCost.fen
        personOutOfPocket &+= oop
        bookClaim(total: total, policyRange: claim.policyRangeCost.fen, outOfPocket: oop, setting: claim.setting,
                  ledger: ledger.baseAddress!)
        if claim.setting == .inpatient || claim.setting == .majorDisease {
            ledger[slots.admissions] &+= 1
            ledger[slots.admissionsByLevel &+ claim.level.rawValue] &+= 1
            // `isCompliant` is `referralCompliant` for these settings (neither is outpatient).
            if claim.referralCompliant {
                ledger[slots.compliantInpatientCost] &+= total
                ledger[slots.compliantInpatientReimbursed] &+= total &- oop
            }
            if claim.inCounty {
                ledger[slots.inCountyCost] &+= total
                ledger[slots.inCountyReimbursed] &+= total &- oop
            }
        }
        return oop
    }

    /// Books the end of a person-year under this plan: head counts of people with
    /// claims and treated as inpatients, at the income line, and catastrophic.
    @inlinable
    mutating func finishPerson(hadClaims: Bool, inpatientCare: Bool, ledger: UnsafeMutableBufferPointer<Int64>) {
        if hadClaims { ledger[slots.peopleWithClaims] &+= 1 }
        if inpatientCare { ledger[slots.peopleTreated] &+= 1 }
        if let counted = engine.countedOutOfPocket(accumulators: accumulators), let line = engine.incomeLine, line.fen > 0, counted == line {
            ledger[slots.atIncomeLine] &+= 1
        }
        if personOutOfPocket > catastrophicFen { ledger[slots.catastrophic] &+= 1 }
    }
}

/// Zeroed storage of one plan's person-year accumulators for ``PlanSettler``, freed with it.
@usableFromInline
final class AccumulatorStorage {
    /// The first of `count` values (at least one is allocated).
    @usableFromInline let base: UnsafeMutablePointer<Int64>

    /// Allocates `count` accumulators, all zero.
    init(count: Int) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: 0, count: max(1, count))
    }

    deinit { base.deallocate() }
}
