/// The built-in disease lists of the Yunnan policy, as a bit set so that the
/// settlement engine can test membership with one `&`.
public struct DiseaseListSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    /// Creates a set from its raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The 28 outpatient diseases (门诊28种, Yunnan measure 2).
    public static let outpatient28 = DiseaseListSet(rawValue: 1 << 0)
    /// The 25 critical-illness outpatient diseases (measure 3): the 28 minus
    /// hypertension, diabetes and active TB.
    public static let criticalIllness25 = DiseaseListSet(rawValue: 1 << 1)
    /// The 9 categories / 15 major diseases for concentrated treatment (9类15种大病, measure 6).
    public static let major15 = DiseaseListSet(rawValue: 1 << 2)
    /// Diseases with the higher "90%" ratios: severe mental illness and ESRD.
    public static let ninetyPercent = DiseaseListSet(rawValue: 1 << 3)
    /// Cataract fit for surgery (光明扶贫工程).
    public static let cataract = DiseaseListSet(rawValue: 1 << 4)

    /// Every built-in list with the name scenario files use for it.
    public static let named: [(name: String, list: DiseaseListSet)] = [
        ("outpatient_28", .outpatient28),
        ("critical_illness_25", .criticalIllness25),
        ("major_15", .major15),
        ("ninety_percent", .ninetyPercent),
        ("cataract", .cataract),
    ]

    /// The built-in list a scenario file names, or `nil` if the name is not built in.
    public init?(name: String) {
        guard let match = Self.named.first(where: { $0.name == name }) else { return nil }
        self = match.list
    }

    /// The names of the lists in this set, in catalog order.
    public var names: [String] { Self.named.filter { contains($0.list) }.map(\.name) }
}
