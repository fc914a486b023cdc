/// The accumulators of one person in one year (annual caps used, annual
/// deductibles consumed, counted out-of-pocket), against which that person's
/// claims are settled in order. Make one with ``SettlementEngine/newPersonYear()``.
public struct PersonYearState: Hashable, Sendable {
    /// Slot values in fen: caps used, then deductibles consumed, then out-of-pocket counted.
    @usableFromInline var slots: [Int64]

    /// Creates a zeroed state with the given number of slots.
    @inlinable init(slotCount: Int) { slots = [Int64](repeating: 0, count: slotCount) }

    /// Starts a new person-year: every accumulator back to zero, keeping the storage.
    @inlinable public mutating func reset() {
        for i in slots.indices { slots[i] = 0 }
    }

    /// Number of accumulators (fen values); the same for every year of a plan.
    @inlinable public var slotCount: Int { slots.count }

    /// Loads the accumulators from flat storage of ``slotCount`` values, so that a
    /// caller keeping many person-years (a claims file's) can hold them in one
    /// array instead of one `PersonYearState` each.
    @inlinable public mutating func load(from storage: UnsafePointer<Int64>) {
        slots.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { base.update(from: storage, count: $0.count) } }
    }

    /// Stores the accumulators into flat storage of ``slotCount`` values (see ``load(from:)``).
    @inlinable public func store(to storage: UnsafeMutablePointer<Int64>) {
        slots.withUnsafeBufferPointer { if let base = $0.baseAddress { storage.update(from: base, count: $0.count) } }
    }
}

/// A claim's settlement result: what each tier paid and what is left to the patient.
public struct ClaimBreakdown: Hashable, Sendable {
    /// Payment of each tier, in plan order.
    public var payments: [Money]
    /// What the patient pays (个人自付).
    public var outOfPocket: Money

    /// Creates a zero breakdown for a plan with `tierCount` tiers.
    public init(tierCount: Int) {
        payments = [Money](repeating: .zero, count: tierCount)
        outOfPocket = .zero
    }

    /// The sum of the tier payments and the out-of-pocket; equals the claim's total cost.
    public var total: Money { payments.reduce(outOfPocket, +) }
}
