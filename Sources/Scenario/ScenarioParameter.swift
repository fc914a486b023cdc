/// One number (or table of numbers) of a scenario file with its unit and its
/// source, kept so that summaries and reports can show where every parameter
/// comes from (a seed measure, a statistic, or "assumed").
public struct ScenarioParameter: Hashable, Sendable {
    /// The dotted field path, e.g. `tiers[basic_insurance].annual_caps.basic`.
    public var path: String
    /// The value as written, compacted: `150000`, or `township 0.95 / county 0.85 / …`, or `2017 9020 / 2018 9862 / …`.
    public var value: String
    /// The unit the file gave.
    public var unit: ParameterUnit
    /// The source the file gave.
    public var source: String
    /// The 1-based line of the parameter in the file.
    public var line: Int

    /// Creates a parameter record.
    public init(path: String, value: String, unit: ParameterUnit, source: String, line: Int) {
        self.path = path
        self.value = value
        self.unit = unit
        self.source = source
        self.line = line
    }

    /// Whether the source marks the value as an assumption rather than a document or statistic.
    public var isAssumed: Bool { source.lowercased().hasPrefix("assumed") }
}
