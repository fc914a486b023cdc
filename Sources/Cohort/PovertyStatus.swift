/// Registered-poverty status of a cohort cell.
///
/// 健康扶贫 benefits follow the registered poor (建档立卡贫困人口), so the model
/// tracks who is still registered and who has exited; exit is one-way.
public enum PovertyStatus: Int, CaseIterable, Sendable, Hashable {
    /// Registered as poor; receives the poverty-targeted insurance benefits.
    case inPoverty = 0
    /// Has exited poverty; no longer moves back.
    case exitedPoverty = 1
}
