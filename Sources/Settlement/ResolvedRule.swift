/// A compiled rule at one facility level, reduced to what the engine's loop reads
/// for a tier: the step's arithmetic (``TierStep/Rule``), the per-claim deductible
/// at that level, and the accumulators of its annual deductible and cap.
///
/// Why: a ``CompiledRule`` holds every level's ratio and deductible and the filter
/// (about 150 bytes), and the engine used to copy it and re-derive the level's
/// values (deductible kind, floor, ratio) for every tier of every claim. The engine
/// keeps one of these per (rule, level), built once per (plan, year), so a claim
/// reads one small record per tier.
@usableFromInline
struct ResolvedRule: Sendable {
    /// The rule's arithmetic at the level.
    @usableFromInline var step: TierStep.Rule
    /// The per-claim deductible at the level, fen; 0 without one or when the deductible is annual.
    @usableFromInline var perClaimDeductible: Int64
    /// The annual deductible the claim consumes, if the rule has one.
    @usableFromInline var annualDeductible: CompiledAccumulator?
    /// The annual cap the rule's payments count against, if any.
    @usableFromInline var cap: CompiledAccumulator?

    /// `rule` at facility level `level` (a ``FacilityLevel`` raw value).
    init(_ rule: CompiledRule, level: Int) {
        step = rule.step(level: level)
        cap = rule.cap
        switch rule.deductible {
        case .none:
            perClaimDeductible = 0
            annualDeductible = nil
        case .perClaim(let table):
            perClaimDeductible = table[level]
            annualDeductible = nil
        case .annual(let annual):
            perClaimDeductible = 0
            annualDeductible = annual
        }
    }

    /// Every rule at every level, at index `rule × FacilityLevel.allCases.count + level`.
    static func table(_ rules: [CompiledRule]) -> [ResolvedRule] {
        rules.flatMap { rule in FacilityLevel.allCases.map { ResolvedRule(rule, level: $0.rawValue) } }
    }
}
