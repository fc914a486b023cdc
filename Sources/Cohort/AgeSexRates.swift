import Settlement

/// One annual probability per age band and sex.
///
/// Most inputs (mortality, onset, remission) are tabulated by age band and
/// often by sex; when a source gives no sex split, use ``init(bothSexes:)``.
public struct AgeSexRates: Sendable, Hashable {
    /// Values for women, one per age band.
    public var female: [Double]
    /// Values for men, one per age band.
    public var male: [Double]

    /// Creates sex-specific values, one per age band each.
    public init(female: [Double], male: [Double]) {
        self.female = female
        self.male = male
    }

    /// Creates values shared by both sexes, one per age band.
    public init(bothSexes values: [Double]) {
        self.init(female: values, male: values)
    }

    /// All zeros for `bandCount` bands: the process is switched off.
    public static func zeros(bandCount: Int) -> AgeSexRates {
        AgeSexRates(bothSexes: Array(repeating: 0, count: bandCount))
    }

    /// The value for `sex` in age band `band`.
    @inlinable
    public subscript(sex: Sex, band: Int) -> Double {
        sex == .female ? female[band] : male[band]
    }

    /// Checks both lists have `bandCount` entries in `range`.
    func validate(_ field: String, bandCount: Int, range: ClosedRange<Double> = 0...1) throws(CohortError) {
        for (sex, values) in [(Sex.female, female), (.male, male)] {
            let name = "\(field).\(sex)"
            guard values.count == bandCount
            else { throw .countMismatch(field: name, expected: bandCount, actual: values.count) }
            if let bad = values.first(where: { !range.contains($0) }) {
                throw .outOfRange(field: name, value: bad)
            }
        }
    }
}
