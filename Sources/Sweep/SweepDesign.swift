import Forecast
import Reporting
import Scenario

/// One point of a sweep: the value of each swept path (text as applied) and the
/// overrides that make it from the base scenario.
public struct SweepPoint: Sendable {
    /// 0-based, in design order.
    public var id: Int
    /// The value of each swept path, in the spec's parameter order (the base value where the point does not set it).
    public var values: [String]
    /// What is applied to the base scenario (empty for the base point of a one-at-a-time design).
    public var overrides: [ParameterOverride]
}

/// The points of a spec and the sensitivity analysis they allow.
public struct SweepDesign: Sendable {
    /// The points, in design order.
    public let points: [SweepPoint]
    /// The sensitivity analysis of the design.
    public let sensitivity: SweepSensitivity

    /// Makes the points of `spec` around `base` (the base scenario, for the base
    /// values of a one-at-a-time design); `seed` seeds a Latin hypercube unless
    /// the spec fixes its own.
    public static func make(_ spec: SweepSpec, base: Scenario, seed: UInt64) throws(ScenarioError) -> SweepDesign {
        let parameters = spec.parameters
        func override(_ j: Int, _ value: String, line: Int? = nil, file: String? = nil, point: Int) -> ParameterOverride {
            ParameterOverride(path: parameters[j].path, value: value, origin: "\(file ?? spec.file):\(line ?? parameters[j].line)",
                              source: "sweep \(spec.file), point \(point)")
        }
        switch spec.design {
        case .grid:
            var points: [SweepPoint] = []
            var choice = [Int](repeating: 0, count: parameters.count)
            let total = parameters.reduce(1) { $0 * $1.values.count }
            guard total <= 100_000 else {
                throw ScenarioError(file: spec.file, line: parameters.first?.line ?? 0, field: "sweep.parameters",
                                    message: "the grid has \(total) points; at most 100000")
            }
            for id in 0..<total {
                let values = parameters.indices.map { parameters[$0].values[choice[$0]] }
                points.append(SweepPoint(id: id, values: values.map(\.text),
                                         overrides: parameters.indices.map { override($0, values[$0].text, line: values[$0].line, point: id) }))
                // The last parameter varies fastest.
                var j = parameters.count - 1
                while j >= 0 {
                    choice[j] += 1
                    if choice[j] < parameters[j].values.count { break }
                    choice[j] = 0
                    j -= 1
                }
            }
            return SweepDesign(points: points, sensitivity: .none)
        case .oneAtATime:
            var baseValues: [String] = []
            for p in parameters {
                do { baseValues.append(try base.valueText(at: p.path)) } catch {
                    throw ScenarioError(file: spec.file, line: p.line, field: p.path, message: error.message)
                }
            }
            var points = [SweepPoint(id: 0, values: baseValues, overrides: [])]
            var pairs: [(parameter: String, low: Int, high: Int)] = []
            for (j, p) in parameters.enumerated() {
                let range = p.range!
                for value in [range.low, range.high] {
                    var values = baseValues
                    values[j] = value
                    points.append(SweepPoint(id: points.count, values: values, overrides: [override(j, value, point: points.count)]))
                }
                pairs.append((p.path, points.count - 2, points.count - 1))
            }
            return SweepDesign(points: points, sensitivity: .oneAtATime(pairs))
        case .latinHypercube:
            let n = spec.samples!
            let unit = LatinHypercube.unitSamples(count: n, dimensions: parameters.count, seed: spec.designSeed ?? seed)
            var points: [SweepPoint] = []
            var numbers: [[Double]] = []
            for i in 0..<n {
                var texts: [String] = []
                var row: [Double] = []
                for (j, p) in parameters.enumerated() {
                    let low = Double(p.range!.low)!, high = Double(p.range!.high)!
                    let text = NumberText.fixed(low + (high - low) * unit[i][j], decimals: p.decimals)
                    texts.append(text)
                    row.append(Double(text)!)
                }
                points.append(SweepPoint(id: i, values: texts, overrides: texts.indices.map { override($0, texts[$0], point: i) }))
                numbers.append(row)
            }
            return SweepDesign(points: points, sensitivity: .rankCorrelation(values: numbers))
        case .points:
            let points = spec.pointRows.enumerated().map { i, row in
                SweepPoint(id: i, values: row.values,
                           overrides: row.values.indices.map { override($0, row.values[$0], line: row.line, file: spec.pointsFile, point: i) })
            }
            return SweepDesign(points: points, sensitivity: .none)
        }
    }
}
