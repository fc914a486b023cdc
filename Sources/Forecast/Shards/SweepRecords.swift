import Simulation

/// A `fundsim sweep` shard's records: one per draw, holding every point's
/// results of that draw. Arrays (Scenarios/SHARDS.md):
/// `lengths` (i64: per point, its `values`, `parameters` and `pilots` counts;
/// then per simulation pass, its `cells` count), and the concatenations
/// `values` (f64, per point in point order), `parameters` (f64, per point),
/// `cells` (i32, once per simulation pass: the points of a pass share their
/// people) and `pilots` (i64, per point).
public enum SweepRecords {
    /// The job kind of `fundsim sweep` shards.
    public static let kind = "sweep"

    /// The arrays of a draw record, in order.
    public static let arrays = [
        RecordArray(name: "lengths", type: .i64), RecordArray(name: "values", type: .f64),
        RecordArray(name: "parameters", type: .f64), RecordArray(name: "cells", type: .i32), RecordArray(name: "pilots", type: .i64),
    ]

    /// One draw's record: `results[p]` is point p's result; `passes[g]` the points of simulation pass g.
    public static func record(draw: Int, results: [DrawResult], passes: [[Int]]) -> UnitRecord {
        var lengths: [Int64] = []
        var values: [Double] = [], parameters: [Double] = [], cells: [Int32] = [], pilots: [Int64] = []
        for result in results {
            lengths += [Int64(result.values.count), Int64(result.parameters.count), Int64(result.pilots.count)]
            values += result.values
            parameters += result.parameters
            pilots += result.pilots
        }
        for points in passes {
            let shared = results[points[0]].cells
            lengths.append(Int64(shared.count))
            cells += shared
        }
        return UnitRecord(unit: draw, f64: [values, parameters], i32: [cells], i64: [lengths, pilots])
    }

    /// Every point's result of a record; `valuesPerPoint[p]` is the ledger size point p's runner makes.
    public static func results(of record: UnitRecord, passes: [[Int]], valuesPerPoint: [Int]) throws(ShardError) -> [DrawResult] {
        let points = valuesPerPoint.count
        let lengths = record.i64[0].map(Int.init)
        let (values, parameters, cells, pilots) = (record.f64[0], record.f64[1], record.i32[0], record.i64[1])
        guard lengths.count == 3 * points + passes.count, lengths.allSatisfy({ $0 >= 0 }) else {
            throw ShardError(message: "draw \(record.unit): the record holds \(lengths.count) lengths, the sweep has \(points) points in \(passes.count) simulation passes")
        }
        var ends = (values: 0, parameters: 0, pilots: 0)
        var ranges: [(values: Range<Int>, parameters: Range<Int>, pilots: Range<Int>)] = []
        for p in 0..<points {
            let v = lengths[3 * p], q = lengths[3 * p + 1], c = lengths[3 * p + 2]
            guard v == valuesPerPoint[p] else {
                throw ShardError(message: "draw \(record.unit): point \(p) has \(v) ledger values, the sweep's model makes \(valuesPerPoint[p])")
            }
            ranges.append((ends.values..<(ends.values + v), ends.parameters..<(ends.parameters + q), ends.pilots..<(ends.pilots + c)))
            ends = (ends.values + v, ends.parameters + q, ends.pilots + c)
        }
        var cellRanges: [Range<Int>] = []
        var cellEnd = 0
        for g in passes.indices {
            let n = lengths[3 * points + g]
            cellRanges.append(cellEnd..<(cellEnd + n))
            cellEnd += n
        }
        guard ends.values == values.count, ends.parameters == parameters.count, ends.pilots == pilots.count, cellEnd == cells.count else {
            throw ShardError(message: "draw \(record.unit): the record's arrays do not add up to its lengths")
        }
        var results = [DrawResult?](repeating: nil, count: points)
        for (g, members) in passes.enumerated() {
            let shared = Array(cells[cellRanges[g]])
            for p in members {
                var result = DrawResult(restoring: record.unit, values: Array(values[ranges[p].values]), cells: shared,
                                        pilots: Array(pilots[ranges[p].pilots]))
                result.parameters = Array(parameters[ranges[p].parameters])
                results[p] = result
            }
        }
        return results.map { $0! }
    }
}
