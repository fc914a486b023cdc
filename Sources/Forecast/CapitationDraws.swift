import Settlement
import Simulation

/// Keeps every draw's capitation-pilot rows, in draw order, for the pilots'
/// summaries and the break-even search (which re-prices the same draws). The
/// rows are small: draws × years × pilots × (tiers + 4) integers.
public struct CapitationDraws: Sendable {
    /// The pilots.
    public let pilots: [CapitationPilot]
    /// The simulated years, in order.
    public let years: [Int]
    /// The layout of a pilot row.
    public let layout: PilotLedgerLayout
    /// The scenario's family-doctor fee (what a pooled fee pays for).
    public let familyDoctorFee: Money?
    /// Every draw's pilot rows, as ``DrawResult/pilots``, in draw order.
    public private(set) var draws: [[Int64]] = []

    /// Creates an empty store for a runner's pilots.
    public init(pilots: [CapitationPilot], years: [Int], layout: PilotLedgerLayout, familyDoctorFee: Money?) {
        self.pilots = pilots
        self.years = years
        self.layout = layout
        self.familyDoctorFee = familyDoctorFee
    }

    /// Creates an empty store for a runner's pilots.
    public init(runner: MonteCarloRunner) {
        self.init(pilots: runner.pilots, years: runner.configuration.years, layout: runner.pilotLayout,
                  familyDoctorFee: runner.fiscal.familyDoctor?.fee)
    }

    /// Adds a draw's rows; call in draw order.
    public mutating func add(_ result: DrawResult) {
        precondition(result.draw == draws.count, "draws must be added in order")
        precondition(result.pilots.count == years.count * pilots.count * layout.count)
        draws.append(result.pilots)
    }

    /// One draw's row of a pilot in a year (by year index).
    public func row(draw: Int, year y: Int, pilot p: Int) -> ArraySlice<Int64> {
        let start = (y * pilots.count + p) * layout.count
        return draws[draw][start..<(start + layout.count)]
    }

    /// One item (``PilotLedgerLayout``) of a draw's row of a pilot in a year (by year index).
    public func value(draw: Int, year y: Int, pilot p: Int, item: Int) -> Int64 {
        draws[draw][(y * pilots.count + p) * layout.count + item]
    }

    /// The break-even search over every draw of a pilot in a year (by year index).
    public func search(year y: Int, pilot p: Int) -> BreakEvenSearch {
        BreakEvenSearch(pilot: pilots[p], year: years[y], rows: draws.indices.map { row(draw: $0, year: y, pilot: p) },
                        layout: layout, familyDoctorFee: familyDoctorFee)
    }
}
