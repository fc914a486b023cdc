import Simulation

/// A `fundsim run` shard's records: one per draw, with the draw's ledger
/// (``DrawResult/values``, `f64`), population cells (``DrawResult/cells``,
/// `i32`), capitation-pilot rows (``DrawResult/pilots``, `i64`, fen) and the
/// values of the model's parameters in the draw (``DrawResult/parameters``, `f64`).
extension DrawResult {
    /// The job kind of `fundsim run` shards.
    public static let shardKind = "run"

    /// The arrays of a draw record, in order.
    public static let recordArrays = [
        RecordArray(name: "values", type: .f64), RecordArray(name: "cells", type: .i32), RecordArray(name: "pilots", type: .i64),
        RecordArray(name: "parameters", type: .f64),
    ]

    /// The draw as a unit record.
    public var record: UnitRecord { UnitRecord(unit: draw, f64: [values, parameters], i32: [cells], i64: [pilots]) }

    /// The draw of a record, checked against the sizes `runner` produces.
    public init(record: UnitRecord, runner: MonteCarloRunner) throws(ShardError) {
        let years = runner.configuration.years.count
        let counties = runner.model.population.counties.count
        let expected = [runner.valuesPerDraw, years * counties * runner.model.population.cellCount,
                        years * runner.pilots.count * runner.pilotLayout.count, runner.model.parameters.pointValues.values.count]
        let found = [record.f64[0].count, record.i32[0].count, record.i64[0].count, record.f64[1].count]
        for (i, array) in Self.recordArrays.enumerated() where expected[i] != found[i] {
            throw ShardError(message: "draw \(record.unit): '\(array.name)' has \(found[i]) values, the scenario's model makes \(expected[i])")
        }
        self.init(restoring: record.unit, values: record.f64[0], cells: record.i32[0], pilots: record.i64[0])
        parameters = record.f64[1]
    }
}
