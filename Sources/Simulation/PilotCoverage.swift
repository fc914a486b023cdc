/// Which people of a pilot's county the pilot covers, deterministically.
///
/// The county's people are numbered as the simulation visits them (age band,
/// then sex, then poverty status: ``CountyYearSimulator``). Of N people the
/// pilot covers k = ⌊share × N⌋, spread evenly over that order: person p is
/// covered when ⌊(p + 1) k / N⌋ > ⌊p k / N⌋. Taking the *first* k instead would
/// cover only the youngest bands; the even spread is a systematic sample with
/// the county's age, sex and poverty mix. Which people are covered depends only
/// on N and the share, never on random numbers, so covered people's claims are
/// the same draws the county's forecast settles.
public struct PilotCoverage: Hashable, Sendable {
    /// People in the county this year.
    public let people: Int
    /// People covered, ⌊share × people⌋.
    public let covered: Int

    /// The coverage of `people` at `share` (clamped to [0, 1]).
    public init(people: Int, share: Double) {
        self.people = max(0, people)
        covered = min(self.people, Int((Double(self.people) * min(1, max(0, share))).rounded(.down)))
    }

    /// Whether person `p` (0-based, in simulation order) is covered.
    @inlinable
    public func covers(_ p: Int) -> Bool {
        guard people > 0 else { return false }
        return ((p &+ 1) &* covered) / people > (p &* covered) / people
    }
}
