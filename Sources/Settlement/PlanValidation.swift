import PolicyCatalog

extension SettlementPlan {
    /// Checks that the plan compiles for `year`, throwing what
    /// ``SettlementEngine/init(plan:year:catalog:)`` would (unknown cap, deductible
    /// or disease list, a ratio outside [0, 1], a missing income line), without
    /// building the engine: for a loader that validates every year of a horizon
    /// while its callers compile only the years and variants they settle.
    public func validate(year: Int, catalog: DiseaseCatalog = .standard) throws(PlanError) {
        _ = try CompiledPlan(plan: self, year: year, catalog: catalog)
    }
}
