/// One value per facility level, e.g. a deductible (起付线) or a ratio that
/// differs between township, county, prefecture and provincial care.
public struct LevelValues<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Value at a township health centre.
    public var township: Value
    /// Value at a county-level hospital.
    public var county: Value
    /// Value at a prefecture hospital.
    public var prefecture: Value
    /// Value at a provincial hospital or out of province.
    public var provincial: Value

    /// Creates a table with a value per level.
    public init(township: Value, county: Value, prefecture: Value, provincial: Value) {
        self.township = township
        self.county = county
        self.prefecture = prefecture
        self.provincial = provincial
    }

    /// Creates a table with the same value at every level.
    public init(uniform value: Value) {
        self.init(township: value, county: value, prefecture: value, provincial: value)
    }

    /// The value at a level.
    public subscript(level: FacilityLevel) -> Value {
        get {
            switch level {
            case .township: township
            case .county: county
            case .prefecture: prefecture
            case .provincial: provincial
            }
        }
        set {
            switch level {
            case .township: township = newValue
            case .county: county = newValue
            case .prefecture: prefecture = newValue
            case .provincial: provincial = newValue
            }
        }
    }

    /// Whether every level has the same value.
    public var isUniform: Bool { township == county && county == prefecture && prefecture == provincial }
}
