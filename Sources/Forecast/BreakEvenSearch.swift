import Settlement
import Simulation

/// The break-even per-capita rate of a pilot: the lowest rate, to the fen, at
/// which the share of draws in which the hospital is in deficit is at most a
/// target risk (e.g. 5%).
///
/// **Common random numbers.** Each draw's covered people and pooled expenditure
/// do not depend on the rate, so the search re-prices the *same* draws at each
/// candidate rate instead of re-running the simulation: the estimated P(deficit)
/// is then a non-increasing step function of the rate and the root is found by
/// bisection over whole fen (about 30 evaluations over all draws).
///
/// **Monte Carlo error.** The root is an order statistic of the draws' costs per
/// covered person c = expenditure / covered (the one with ⌊αN⌋ draws above it).
/// The standard error is half the spread between the order statistics
/// √(Nα(1−α)) ranks either side of it — the distribution-free ±1 binomial
/// standard deviation interval of a sample quantile. With few draws in the tail
/// (``BreakEvenEstimate/tailDraws`` small) it is optimistic, and at ⌊αN⌋ = 0 the
/// rate is simply the costliest draw's: run more draws.
public struct BreakEvenSearch: Sendable {
    /// The pilot.
    public let pilot: CapitationPilot
    /// The year the draws belong to.
    public let year: Int
    /// The draws' books at the pilot's own rate.
    public let accounts: [CapitationAccount]
    /// Each draw's pilot row (``PilotLedgerLayout``).
    let rows: [ArraySlice<Int64>]
    let layout: PilotLedgerLayout
    let familyDoctorFee: Money?

    /// Creates the search over the draws' pilot rows.
    public init(pilot: CapitationPilot, year: Int, rows: [ArraySlice<Int64>], layout: PilotLedgerLayout, familyDoctorFee: Money?) {
        self.pilot = pilot
        self.year = year
        self.rows = rows
        self.layout = layout
        self.familyDoctorFee = familyDoctorFee
        accounts = rows.map { CapitationAccount(pilot: pilot, year: year, row: $0, layout: layout, familyDoctorFee: familyDoctorFee) }
    }

    /// The draws' books at a per-capita `rate` (fen per covered person).
    public func accounts(rate: Int64) -> [CapitationAccount] {
        rows.map { CapitationAccount(pilot: pilot, year: year, row: $0, layout: layout, familyDoctorFee: familyDoctorFee, rate: rate) }
    }

    /// The share of draws in deficit at `rate` (fen per covered person).
    public func deficitProbability(rate: Int64) -> Double {
        guard !rows.isEmpty else { return .nan }
        let deficits = accounts(rate: rate).reduce(0) { $0 + ($1.isDeficit ? 1 : 0) }
        return Double(deficits) / Double(rows.count)
    }

    /// Each draw's pooled cost per covered person (yuan; 0 when nobody is covered).
    public var costPerCovered: [Double] {
        accounts.map { $0.coveredPeople > 0 ? Double($0.expenditure) / 100 / Double($0.coveredPeople) : 0 }
    }

    /// The break-even rate for `targetRisk` in (0, 1) and its Monte Carlo standard error.
    public func breakEven(targetRisk: Double) -> BreakEvenEstimate {
        precondition(targetRisk > 0 && targetRisk < 1, "target risk must lie in (0, 1)")
        // Above the costliest draw's cost per covered person no draw is in deficit.
        var high: Int64 = 0
        for a in accounts where a.coveredPeople > 0 {
            high = max(high, (a.expenditure + a.coveredPeople - 1) / a.coveredPeople)
        }
        var low: Int64 = -1  // invariant: P(deficit at low) > target (or low = -1), P(deficit at high) ≤ target
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if deficitProbability(rate: mid) <= targetRisk { high = mid } else { low = mid }
        }
        let sorted = costPerCovered.sorted()
        let n = sorted.count
        let tail = Int((Double(n) * targetRisk).rounded(.down))
        var error = Double.nan
        if n > 0 {
            let rank = n - 1 - min(tail, n - 1)  // 0-based rank of the order statistic at the root
            let spread = Int((Double(n) * targetRisk * (1 - targetRisk)).squareRoot().rounded(.up))
            error = (sorted[min(n - 1, rank + spread)] - sorted[max(0, rank - spread)]) / 2
        }
        return BreakEvenEstimate(targetRisk: targetRisk, rateFen: high, standardError: error, tailDraws: tail,
                                 draws: n)
    }
}

/// A break-even rate with its Monte Carlo standard error.
public struct BreakEvenEstimate: Hashable, Sendable {
    /// The target probability of deficit.
    public var targetRisk: Double
    /// The rate, fen per covered person per year.
    public var rateFen: Int64
    /// Its Monte Carlo standard error, yuan (order-statistic bounds).
    public var standardError: Double
    /// ⌊target × draws⌋: how many draws lie beyond the rate (in deficit at it).
    public var tailDraws: Int
    /// Draws searched.
    public var draws: Int

    /// The rate in yuan.
    public var rate: Double { Double(rateFen) / 100 }
}
