import RandomStreams

/// The distribution a model parameter is drawn from once per Monte Carlo draw
/// (probabilistic sensitivity analysis), on top of the stochastic sampling.
public enum ParameterDistribution: Hashable, Sendable {
    /// Beta with the given mean and standard deviation: for probabilities and shares.
    case beta(mean: Double, sd: Double)
    /// Gamma with the given mean and standard deviation: for positive rates and costs.
    case gamma(mean: Double, sd: Double)
    /// Log-normal with the given arithmetic mean and standard deviation.
    case lognormal(mean: Double, sd: Double)
    /// Uniform on [low, high].
    case uniform(low: Double, high: Double)

    /// Draws one value.
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        switch self {
        case .beta(let mean, let sd):
            // Method of moments: mean m, variance v → a = m·k, b = (1 − m)·k with k = m(1 − m)/v − 1.
            let k = mean * (1 - mean) / (sd * sd) - 1
            return Beta(alpha: mean * k, beta: (1 - mean) * k).sample(&source)
        case .gamma(let mean, let sd):
            let shape = (mean / sd) * (mean / sd)
            return Gamma(shape: shape, scale: mean / shape).sample(&source)
        case .lognormal(let mean, let sd):
            return LogNormal(mean: mean, coefficientOfVariation: sd / mean).sample(&source)
        case .uniform(let low, let high):
            return low + (high - low) * source.nextDouble()
        }
    }

    /// The distribution's mean (the value used when uncertainty is switched off).
    public var mean: Double {
        switch self {
        case .beta(let m, _), .gamma(let m, _), .lognormal(let m, _): m
        case .uniform(let low, let high): (low + high) / 2
        }
    }

    /// Why the parameters cannot define the distribution, or `nil` when they can.
    public var problem: String? {
        switch self {
        case .beta(let m, let sd):
            if !(m > 0 && m < 1) { return "beta mean must be in (0, 1)" }
            if !(sd > 0 && sd * sd < m * (1 - m)) { return "beta sd must be positive with sd² < mean·(1 − mean)" }
        case .gamma(let m, let sd), .lognormal(let m, let sd):
            if !(m > 0 && sd > 0 && m.isFinite && sd.isFinite) { return "mean and sd must be positive" }
        case .uniform(let low, let high):
            if !(low.isFinite && high.isFinite && low <= high) { return "uniform needs low ≤ high" }
        }
        return nil
    }
}

/// One number of the simulation model with its provenance and optional uncertainty.
public struct ModelParameter: Hashable, Sendable {
    /// Dotted name, e.g. `inpatient.admissions_per_year.adults`.
    public var name: String
    /// The point value (used when the parameter has no distribution).
    public var value: Double
    /// Unit, e.g. `probability`, `per_person_year`, `yuan`.
    public var unit: String
    /// Where the number comes from: a seed measure, a statistic, or "assumed".
    public var source: String
    /// Distribution drawn once per Monte Carlo draw, if the parameter is uncertain.
    public var distribution: ParameterDistribution?

    /// Creates a parameter.
    public init(name: String, value: Double, unit: String, source: String, distribution: ParameterDistribution? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.source = source
        self.distribution = distribution
    }
}

/// A handle to a parameter in a ``ParameterTable``.
public struct ParameterID: Hashable, Sendable {
    /// Position in the table.
    public let index: Int
    /// Creates a handle.
    @inlinable public init(index: Int) { self.index = index }
}

/// Every number of the simulation model, so that one draw of all uncertain
/// parameters is a single vector and the model refers to numbers by handle.
public struct ParameterTable: Hashable, Sendable {
    /// The parameters, in registration order.
    public private(set) var entries: [ModelParameter] = []

    /// Creates an empty table.
    public init() {}

    /// Adds a parameter and returns its handle.
    public mutating func add(_ parameter: ModelParameter) -> ParameterID {
        entries.append(parameter)
        return ParameterID(index: entries.count - 1)
    }

    /// The point values, for a run without parameter uncertainty.
    public var pointValues: DrawnParameters { DrawnParameters(values: entries.map(\.value)) }

    /// The values of one Monte Carlo draw: each uncertain parameter is drawn from
    /// its own stream keyed by (seed, draw, parameter), so a draw's parameters do
    /// not depend on which other draws run or in what order.
    public func draw(seed: UInt64, draw: Int) -> DrawnParameters {
        var values = [Double](repeating: 0, count: entries.count)
        for (i, entry) in entries.enumerated() {
            if let distribution = entry.distribution {
                var stream = RandomStream(key: StreamKey(seed: seed, purpose: .parameterDraw, draw: UInt32(draw),
                                                         county: 0, year: 0, person: UInt32(i)))
                values[i] = distribution.sample(&stream)
            } else {
                values[i] = entry.value
            }
        }
        return DrawnParameters(values: values)
    }
}

/// The parameter values of one draw.
public struct DrawnParameters: Hashable, Sendable {
    /// Values by parameter index.
    public var values: [Double]
    /// Creates the values.
    public init(values: [Double]) { self.values = values }
    /// The value of a parameter.
    @inlinable public subscript(id: ParameterID) -> Double { values[id.index] }
}
