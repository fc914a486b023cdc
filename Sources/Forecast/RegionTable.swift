import Simulation

/// The regions of the output, in order: the province, each prefecture, each
/// county; and how county rows add up into them.
public struct RegionTable: Sendable {
    /// One output region.
    public struct Region: Sendable, Hashable {
        /// `province`, `prefecture` or `county`.
        public var level: String
        /// Stable id.
        public var id: String
        /// Display name (English / Chinese).
        public var name: String
    }

    /// Regions in output order.
    public let regions: [Region]
    /// For each county, the indices of the regions its values add into (province, its prefecture, itself).
    public let targets: [[Int]]
    /// Index of each county's own region.
    public let countyRegion: [Int]

    /// Builds the table of a population model.
    public init(population: PopulationModel, provinceID: String, provinceName: String) {
        var regions = [Region(level: "province", id: provinceID, name: provinceName)]
        var prefectureRegion: [Int] = []
        for p in population.prefectures {
            prefectureRegion.append(regions.count)
            regions.append(Region(level: "prefecture", id: p.id, name: "\(p.name) \(p.chineseName)"))
        }
        var targets: [[Int]] = []
        var countyRegion: [Int] = []
        for c in population.counties {
            countyRegion.append(regions.count)
            targets.append([0, prefectureRegion[c.prefecture], regions.count])
            regions.append(Region(level: "county", id: c.region.id, name: "\(c.region.name) \(c.region.chineseName)"))
        }
        self.regions = regions
        self.targets = targets
        self.countyRegion = countyRegion
    }
}
