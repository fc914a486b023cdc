import RandomStreams
import Settlement

/// A prefecture (州/市) or county (县/区) by name.
public struct RegionName: Hashable, Sendable {
    /// Stable id used in output, e.g. `kunming` or `kunming.luquan`.
    public var id: String
    /// English name.
    public var name: String
    /// Chinese name, e.g. 禄劝彝族苗族自治县.
    public var chineseName: String
    /// Creates a name.
    public init(id: String, name: String, chineseName: String) {
        self.id = id
        self.name = name
        self.chineseName = chineseName
    }
}

/// A county and its registered poor population (建档立卡贫困人口) in the base year.
public struct CountySpec: Hashable, Sendable {
    /// Name and id.
    public var region: RegionName
    /// Index of the county's prefecture in ``PopulationModel/prefectures``.
    public var prefecture: Int
    /// Registered poor people in the base year.
    public var registeredPoor: Int
    /// Creates a county.
    public init(region: RegionName, prefecture: Int, registeredPoor: Int) {
        self.region = region
        self.prefecture = prefecture
        self.registeredPoor = registeredPoor
    }
}

/// The three age groups disease and utilisation rates are given for.
public enum AgeGroup: Int, CaseIterable, Hashable, Sendable {
    /// Ages 0–14.
    case children
    /// Ages 15–59.
    case adults
    /// Ages 60 and over.
    case elderly

    /// Name used in scenario files.
    public var fileName: String {
        switch self {
        case .children: "children"
        case .adults: "adults"
        case .elderly: "elderly"
        }
    }

    /// The first age of each group: 0, 15 and 60. Scenario age bands must have
    /// these as bounds, so that every band lies in one group.
    public static let lowerBounds = [0, 15, 60]

    /// The group of an age band by its lower bound: under 15 children, under 60 adults.
    public init(bandLowerBound: Int) {
        self = bandLowerBound < Self.lowerBounds[1] ? .children : (bandLowerBound < Self.lowerBounds[2] ? .adults : .elderly)
    }
}

/// The synthetic registered-poor population: province → prefectures → counties
/// → people by age band, sex and poverty status.
public struct PopulationModel: Hashable, Sendable {
    /// Prefectures in output order.
    public var prefectures: [RegionName]
    /// Counties in output order.
    public var counties: [CountySpec]
    /// Lower bounds of the age bands, ascending from 0; the last band is open.
    public var ageBandLowerBounds: [Int]
    /// Share of people in each (age band, sex) cell: `[band][0]` female, `[band][1]` male; sums to 1.
    public var ageSexShares: [[Double]]
    /// Share of registered poor still in poverty (未脱贫) in each year.
    public var inPovertyShare: [Int: ParameterID]
    /// Share of households of each size: entry k is the share of size k + 1 (people per
    /// household); adds up to 1. People are simulated in households (``HouseholdAssignment``).
    public var householdSizeShares: [Double]
    /// Share of the people in each ``WelfareCategory``, indexed by its raw value
    /// (registered poor, minimum living allowance, extreme poverty); adds up to 1.
    /// The default, everyone registered poor, draws no category at all.
    public var welfareShares: [Double]

    /// Counties with a population structure of their own (`simulation.county_overrides.COUNTY.population`:
    /// `age_sex_shares`, `household_sizes`), by county index; the others have the province's.
    public var countyStructures: [Int: CountyPopulationStructure] = [:]

    /// Everyone registered poor (建档立卡): the shares of a scenario that does not set them.
    public static let allRegisteredPoor: [Double] = WelfareCategory.allCases.map { $0 == .registeredPoor ? 1 : 0 }

    /// Creates a population model.
    public init(prefectures: [RegionName], counties: [CountySpec], ageBandLowerBounds: [Int],
                ageSexShares: [[Double]], inPovertyShare: [Int: ParameterID], householdSizeShares: [Double],
                welfareShares: [Double] = PopulationModel.allRegisteredPoor) {
        precondition(welfareShares.count == WelfareCategory.allCases.count, "one welfare share per category")
        self.prefectures = prefectures
        self.counties = counties
        self.ageBandLowerBounds = ageBandLowerBounds
        self.ageSexShares = ageSexShares
        self.inPovertyShare = inPovertyShare
        precondition(!householdSizeShares.isEmpty && householdSizeShares.allSatisfy { $0 >= 0 } && householdSizeShares.reduce(0, +) > 0,
                     "household size shares must be non-negative with a positive sum")
        self.householdSizeShares = householdSizeShares
        self.welfareShares = welfareShares
        self.countyStreamKeys = counties.map { Self.streamKey(countyID: $0.region.id) }
        precondition(Set(countyStreamKeys).count == counties.count, "two county ids share a stream key; rename one")
    }

    /// The stream coordinate of each county: a hash of its id, not its position,
    /// so that a county gets the same random numbers in every scenario that lists
    /// it (common random numbers for `compare`, whatever the order of counties).
    public let countyStreamKeys: [UInt32]

    /// FNV-1a of the county id, folded to the 20 bits a ``StreamKey`` county holds.
    public static func streamKey(countyID: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in countyID.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return (hash ^ (hash >> 20)) & (StreamKey.countyLimit - 1)
    }

    /// Whether people are of more than one welfare category, so each person's
    /// category is drawn; `false` when everyone is registered poor.
    public var drawsWelfareCategory: Bool {
        welfareShares[WelfareCategory.registeredPoor.rawValue] < 1
    }

    /// The most counties a model may have: the random streams key counties with 20 bits.
    public static let countyLimit = Int(StreamKey.countyLimit)

    /// How the (age band × sex × poverty status) cells are numbered.
    @inlinable public var cellLayout: PopulationCellLayout { PopulationCellLayout(bandCount: ageBandLowerBounds.count) }

    /// Number of (age band × sex × poverty status) cells.
    public var cellCount: Int { cellLayout.count }

    /// The cell index of (band, sex, status) (``PopulationCellLayout``).
    @inlinable public func cell(band: Int, sex: Sex, status: PovertyStatus) -> Int {
        cellLayout.index(band: band, sex: sex, status: status)
    }

    /// The age/sex shares of a county in a draw (`[band][sex]`, adding up to 1): the
    /// province's ``ageSexShares`` (the very array) for a county without a structure of
    /// its own; else the county's drawn shares, normalised to add up to 1 (each entry is
    /// drawn on its own with the override's uncertainty).
    public func ageSexShares(county: Int, parameters: DrawnParameters) -> [[Double]] {
        guard let ids = countyStructures[county]?.ageSexShares else { return ageSexShares }
        let values = ids.map { $0.map { max(0, parameters[$0]) } }
        let total = values.joined().reduce(0, +)
        guard total > 0 else { return ageSexShares }
        return values.map { $0.map { $0 / total } }
    }

    /// The household-size shares of a county in a draw (entry k: size k + 1), normalised
    /// to add up to 1; `nil` for a county without household sizes of its own (the province's
    /// ``householdSizeShares``).
    public func householdSizeShares(county: Int, parameters: DrawnParameters) -> [Double]? {
        guard let ids = countyStructures[county]?.householdSizeShares else { return nil }
        let values = ids.map { max(0, parameters[$0]) }
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.map { $0 / total }
    }

    /// Base-year people per cell of a county, apportioned by largest remainders
    /// so the cells add up to the county's registered poor exactly.
    public func baseCells(county: Int, inPovertyShare share: Double) -> [Int] {
        baseCells(county: county, inPovertyShare: share, ageSexShares: ageSexShares)
    }

    /// Base-year people per cell of a county with the given age/sex shares (`[band][sex]`,
    /// e.g. ``ageSexShares(county:parameters:)``), apportioned by largest remainders.
    public func baseCells(county: Int, inPovertyShare share: Double, ageSexShares: [[Double]]) -> [Int] {
        var weights: [Double] = []
        for band in ageBandLowerBounds.indices {
            for sex in Sex.allCases {
                let w = ageSexShares[band][sex.rawValue]
                weights.append(w * share)
                weights.append(w * (1 - share))
            }
        }
        return Self.apportion(counties[county].registeredPoor, weights: weights)
    }

    /// Splits `total` into integers proportional to `weights` (largest remainders; ties by index).
    public static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return [Int](repeating: 0, count: weights.count) }
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        var left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        var k = 0
        while left > 0 {
            counts[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        return counts
    }
}

/// A county's own population structure (`simulation.county_overrides.COUNTY.population`),
/// as parameters of the model's table so that each entry can carry its sampling
/// uncertainty (e.g. from `fundsim calibrate`): each draw draws the entries and
/// normalises them to add up to 1.
///
/// With a cohort projection the age/sex shares are the county's **base-year**
/// structure, which the projection then ages with the province's rates; household
/// sizes apply in every year.
public struct CountyPopulationStructure: Hashable, Sendable {
    /// The share of each (age band, sex): `[band][0]` female, `[band][1]` male; `nil`: the province's.
    public var ageSexShares: [[ParameterID]]?
    /// The share of households of each size (entry k: size k + 1); `nil`: the province's.
    public var householdSizeShares: [ParameterID]?

    /// Creates a structure.
    public init(ageSexShares: [[ParameterID]]? = nil, householdSizeShares: [ParameterID]? = nil) {
        self.ageSexShares = ageSexShares
        self.householdSizeShares = householdSizeShares
    }
}
