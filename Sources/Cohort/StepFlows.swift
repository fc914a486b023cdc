/// Deaths, births and poverty exits of one step, per county and draw.
public struct StepFlows: Sendable, Hashable {
    /// Number of counties per draw.
    public let counties: Int
    /// Number of Monte Carlo draws.
    public let draws: Int
    /// `3 × (counties · draws)`, rows in ``StepFlow`` order, columns as in ``CohortState``.
    public var values: Matrix

    /// Zero flows for `counties × draws`.
    public init(counties: Int, draws: Int) {
        self.counties = counties
        self.draws = draws
        self.values = Matrix(rows: StepFlow.allCases.count, columns: counties * draws)
    }

    /// The count of `flow` for `county` in `draw` during the step.
    @inlinable
    public subscript(flow: StepFlow, county county: Int, draw draw: Int) -> Double {
        precondition(county >= 0 && county < counties && draw >= 0 && draw < draws,
                     "county \(county) / draw \(draw) outside \(counties) × \(draws)")
        return values[flow.rawValue, draw &* counties &+ county]
    }
}
