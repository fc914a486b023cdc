/// What a random stream is used for. Each purpose gets its own Philox key, so the
/// numbers that decide disease onset are independent of those that set costs,
/// and adding draws for one purpose never shifts the numbers of another.
///
/// Modules may define further purposes with `StreamPurpose(rawValue:)`; the raw
/// values below are reserved and must never be renumbered (that would change
/// every forecast made with a given seed).
public struct StreamPurpose: RawRepresentable, Hashable, Sendable {
    /// The number mixed into the Philox key.
    public var rawValue: UInt32

    /// Creates a purpose from its number.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Draws of uncertain model parameters (one set per Monte Carlo draw).
    public static let parameterDraw = StreamPurpose(rawValue: 1)
    /// Synthesis of the population: who lives where, age, sex, poverty status.
    public static let population = StreamPurpose(rawValue: 2)
    /// Onset of disease and of catastrophic illness events.
    public static let diseaseOnset = StreamPurpose(rawValue: 3)
    /// Use of health care: admissions, visits, length of stay.
    public static let healthCareUse = StreamPurpose(rawValue: 4)
    /// Medical costs of each episode of care.
    public static let treatmentCost = StreamPurpose(rawValue: 5)
    /// Enrolment in and eligibility for insurance and assistance schemes.
    public static let enrolment = StreamPurpose(rawValue: 6)
    /// Deaths and exits from the population.
    public static let mortality = StreamPurpose(rawValue: 7)
}
