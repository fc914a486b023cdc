extension SettlementEngine {
    /// Whether the first income-line guarantee (the backstop's
    /// `out_of_pocket_limit`) counts this claim's out-of-pocket toward the
    /// person's annual total; `false` when the plan has no guarantee.
    ///
    /// A read-only question about the compiled plan, so that a caller can
    /// audit the guarantee independently of the engine's own accumulator: add
    /// up the final out-of-pocket of the counted claims of a person-year and
    /// compare it with ``incomeLine`` (the capitation pilots of POLICY.md
    /// section 6 do, for every covered person).
    @inlinable
    public func countsTowardIncomeLine(_ claim: Claim) -> Bool {
        guard incomeLineSlot != nil else { return false }
        let key = ClaimKey(claim, diseaseMasks: diseaseMasks)
        for tier in tiers { if let limit = tier.limit { return limit.filter.matches(key) } }
        return false
    }
}
