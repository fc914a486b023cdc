import Simulation

/// The level of an output region.
public enum RegionLevel: String, Sendable, Hashable, CaseIterable {
    /// The province (省).
    case province
    /// A prefecture (州/市).
    case prefecture
    /// A county (县/区).
    case county
}

/// The regions of the output, in order: the province, each prefecture, each
/// county; and how county rows add up into them. A table of selected counties
/// (`fundsim run --counties`) has only those counties' rows: no prefecture or
/// province row, whose sums over a selection would read as the whole region's.
public struct RegionTable: Sendable {
    /// One output region.
    public struct Region: Sendable, Hashable {
        /// Province, prefecture or county.
        public var level: RegionLevel
        /// Stable id (e.g. `zhaotong.zhenxiong`).
        public var id: String
        /// English name (e.g. `Zhenxiong`).
        public var name: String
        /// Chinese name (e.g. `镇雄县`); empty when the scenario gives none.
        public var chineseName: String
        /// The id of the prefecture the region lies in: its own for a prefecture, `nil` for the province.
        public var prefectureID: String?

        /// Creates a region.
        public init(level: RegionLevel, id: String, name: String, chineseName: String, prefectureID: String?) {
            self.level = level
            self.id = id
            self.name = name
            self.chineseName = chineseName
            self.prefectureID = prefectureID
        }
    }

    /// Regions in output order.
    public let regions: [Region]
    /// For each county of the model, the indices of the regions its values add into
    /// (province, its prefecture, itself; only itself, or nothing, with a selection).
    public let targets: [[Int]]
    /// Index of each county row's region, in county order (every county's, or the selected ones').
    public let countyRegion: [Int]
    /// Counties of the model (of a draw result), selected or not.
    public var countyCount: Int { targets.count }

    /// The selected county indices (``RunConfiguration/onlyCounties``); `nil`: every county.
    public let selection: Set<Int>?

    /// Builds the table of a population model. `provinceName` is the scenario's
    /// `"English 中文"` text: the words with Chinese characters become the Chinese name.
    /// With `counties` (indices into `population.counties`), only those counties'
    /// rows, in the model's county order; the others' values add into nothing.
    public init(population: PopulationModel, provinceID: String, provinceName: String, counties: Set<Int>? = nil) {
        selection = counties
        if let counties {
            var regions: [Region] = []
            var targets: [[Int]] = []
            var countyRegion: [Int] = []
            for (i, c) in population.counties.enumerated() {
                guard counties.contains(i) else { targets.append([]); continue }
                countyRegion.append(regions.count)
                targets.append([regions.count])
                regions.append(Region(level: .county, id: c.region.id, name: c.region.name, chineseName: c.region.chineseName,
                                      prefectureID: population.prefectures[c.prefecture].id))
            }
            self.regions = regions
            self.targets = targets
            self.countyRegion = countyRegion
            return
        }
        let (english, chinese) = Self.splitName(provinceName)
        var regions = [Region(level: .province, id: provinceID, name: english, chineseName: chinese, prefectureID: nil)]
        var prefectureRegion: [Int] = []
        for p in population.prefectures {
            prefectureRegion.append(regions.count)
            regions.append(Region(level: .prefecture, id: p.id, name: p.name, chineseName: p.chineseName, prefectureID: p.id))
        }
        var targets: [[Int]] = []
        var countyRegion: [Int] = []
        for c in population.counties {
            countyRegion.append(regions.count)
            targets.append([0, prefectureRegion[c.prefecture], regions.count])
            regions.append(Region(level: .county, id: c.region.id, name: c.region.name, chineseName: c.region.chineseName,
                                  prefectureID: population.prefectures[c.prefecture].id))
        }
        self.regions = regions
        self.targets = targets
        self.countyRegion = countyRegion
    }

    /// `"Yunnan 云南省"` → (`"Yunnan"`, `"云南省"`): space-separated words that contain
    /// a CJK ideograph form the Chinese name, the others the English one.
    static func splitName(_ text: String) -> (english: String, chinese: String) {
        let words = text.split(separator: " ")
        func isChinese(_ word: Substring) -> Bool {
            word.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0x20000...0x3FFFF).contains($0.value) }
        }
        return (words.filter { !isChinese($0) }.joined(separator: " "), words.filter(isChinese).joined(separator: " "))
    }
}
