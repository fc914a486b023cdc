/// One disease the policy names, with the stable code that scenario files,
/// claims files and output use (POLICY.md section 2).
public struct Disease: Hashable, Sendable {
    /// The stable code, e.g. `esrd` or `chd_vsd`.
    public let code: String
    /// The name used in the Chinese policy documents, e.g. 终末期肾病.
    public let chineseName: String
    /// An English name for reports.
    public let englishName: String
    /// The built-in lists the disease belongs to.
    public let lists: DiseaseListSet
    /// Position in the 28 outpatient diseases (1...28), `nil` if not among them.
    public let outpatientNumber: Int?
    /// For the 15 major diseases, the category of the "9 categories" (9类) it belongs to.
    public let majorCategory: String?

    /// Whether the documents give this disease the higher "90%" ratios
    /// (其中重性精神病和终末期肾病 … 90%).
    public var isNinetyPercent: Bool { lists.contains(.ninetyPercent) }

    /// Creates a catalog entry; used by ``DiseaseCatalog/standard``.
    public init(code: String, chineseName: String, englishName: String, lists: DiseaseListSet,
                outpatientNumber: Int? = nil, majorCategory: String? = nil) {
        self.code = code
        self.chineseName = chineseName
        self.englishName = englishName
        self.lists = lists
        self.outpatientNumber = outpatientNumber
        self.majorCategory = majorCategory
    }
}
