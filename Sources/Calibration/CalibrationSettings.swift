/// The choices of the fitting method that are not model parameters: when a
/// category has too little data to be fitted on its own, and how strict the
/// test of the cost distribution's family is. `fundsim calibrate` takes both as
/// options (`--min-observations`, `--tail-test-level`).
public struct CalibrationSettings: Hashable, Sendable {
    /// A category (an age group, a facility level, a disease) with fewer
    /// observations than this (admissions, visits, cases or case-years) is not
    /// fitted on its own: it takes the base scenario's value times the ratio of
    /// fitted to base values over the pooled categories (see ``FittedQuantity``).
    public var minimumObservations: Int
    /// Significance level of the Anderson–Darling test of the log-normal cost
    /// family (composite: μ and σ estimated); below it the family is rejected.
    public var tailTestLevel: Double

    /// Creates settings; by default 30 observations and a 5% test.
    public init(minimumObservations: Int = 30, tailTestLevel: Double = 0.05) {
        self.minimumObservations = minimumObservations
        self.tailTestLevel = tailTestLevel
    }
}
