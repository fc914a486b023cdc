/// A per-step count reported alongside the new state, one per county and draw.
public enum StepFlow: Int, CaseIterable, Sendable, Hashable {
    /// People who died during the year (background plus disease deaths).
    case deaths = 0
    /// Newborns added during the year.
    case births = 1
    /// People who survived and exited poverty during the year.
    case povertyExits = 2
}
