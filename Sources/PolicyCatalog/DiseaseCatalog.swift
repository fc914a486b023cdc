/// The catalog of diseases the policy names (POLICY.md section 2): the 28
/// outpatient diseases in their official order, the 15 major diseases (`esrd`
/// is in both lists and appears once), and cataract. Codes are stable: files
/// and output depend on them.
public struct DiseaseCatalog: Sendable {
    /// The diseases, in catalog order; a disease's position is its ``index(of:)``.
    public let diseases: [Disease]
    private let indexByCode: [String: Int]

    /// Builds a catalog from entries; codes must be unique, and there are at most
    /// ``DiseaseIndex/capacity`` of them.
    public init(diseases: [Disease]) {
        precondition(diseases.count <= DiseaseIndex.capacity, "a catalog holds at most \(DiseaseIndex.capacity) diseases")
        self.diseases = diseases
        var index: [String: Int] = [:]
        for (i, disease) in diseases.enumerated() {
            precondition(index[disease.code] == nil, "duplicate disease code \(disease.code)")
            index[disease.code] = i
        }
        self.indexByCode = index
    }

    /// The position of the disease with this code, or `nil` for an unknown code.
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// The disease with this code, or `nil` for an unknown code.
    public subscript(code: String) -> Disease? { indexByCode[code].map { diseases[$0] } }

    /// The typed index of the disease with this code, or `nil` for an unknown code.
    public func diseaseIndex(of code: String) -> DiseaseIndex? { indexByCode[code].map(DiseaseIndex.init) }

    /// The disease at `index`, which must be an index of this catalog.
    public subscript(index: DiseaseIndex) -> Disease { diseases[index.position] }

    /// Whether `index` is a position of this catalog.
    public func contains(_ index: DiseaseIndex) -> Bool { index.position < diseases.count }

    /// The codes of the diseases in a built-in list, in catalog order.
    public func codes(in list: DiseaseListSet) -> [String] {
        diseases.filter { $0.lists.contains(list) }.map(\.code)
    }

    /// The catalog of the Yunnan 2017 policy (seed 000, measures 2, 3 and 6).
    public static let standard = DiseaseCatalog(diseases: [
        Disease(code: "hypertension", chineseName: "高血压Ⅱ—Ⅲ期", englishName: "Hypertension, stage II–III", lists: [.outpatient28], outpatientNumber: 1),
        Disease(code: "diabetes", chineseName: "糖尿病", englishName: "Diabetes", lists: [.outpatient28], outpatientNumber: 2),
        Disease(code: "active_tb", chineseName: "活动性结核病", englishName: "Active tuberculosis", lists: [.outpatient28], outpatientNumber: 3),
        Disease(code: "cancer", chineseName: "癌症", englishName: "Cancer", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 4),
        Disease(code: "sarcoma", chineseName: "肉瘤", englishName: "Sarcoma", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 5),
        Disease(code: "lymphoma", chineseName: "淋巴瘤", englishName: "Lymphoma", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 6),
        Disease(code: "multiple_myeloma", chineseName: "多发性骨髓瘤", englishName: "Multiple myeloma", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 7),
        Disease(code: "melanoma", chineseName: "黑色素瘤", englishName: "Melanoma", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 8),
        Disease(code: "germ_cell_tumor", chineseName: "生殖细胞瘤", englishName: "Germ-cell tumour", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 9),
        Disease(code: "leukemia", chineseName: "白血病", englishName: "Leukaemia", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 10),
        Disease(code: "intracranial_tumor", chineseName: "需要放化疗的颅内肿瘤", englishName: "Intracranial tumour needing radio/chemotherapy", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 11),
        Disease(code: "esrd", chineseName: "终末期肾病", englishName: "End-stage renal disease", lists: [.outpatient28, .criticalIllness25, .major15, .ninetyPercent], outpatientNumber: 12, majorCategory: "esrd"),
        Disease(code: "organ_transplant", chineseName: "器官移植", englishName: "Organ transplant", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 13),
        Disease(code: "sle", chineseName: "系统性红斑狼疮", englishName: "Systemic lupus erythematosus", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 14),
        Disease(code: "aplastic_anemia", chineseName: "再生障碍性贫血", englishName: "Aplastic anaemia", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 15),
        Disease(code: "hereditary_spherocytosis", chineseName: "遗传性球型红细胞增多症", englishName: "Hereditary spherocytosis", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 16),
        Disease(code: "autoimmune_hemolytic_anemia", chineseName: "自身免疫性溶血性贫血", englishName: "Autoimmune haemolytic anaemia", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 17),
        Disease(code: "thalassemia", chineseName: "地中海贫血", englishName: "Thalassaemia", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 18),
        Disease(code: "schizophrenia", chineseName: "精神分裂症", englishName: "Schizophrenia", lists: [.outpatient28, .criticalIllness25, .ninetyPercent], outpatientNumber: 19),
        Disease(code: "bipolar_disorder", chineseName: "双向情感障碍症", englishName: "Bipolar disorder", lists: [.outpatient28, .criticalIllness25, .ninetyPercent], outpatientNumber: 20),
        Disease(code: "parkinsons", chineseName: "帕金森氏病", englishName: "Parkinson's disease", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 21),
        Disease(code: "hemophilia", chineseName: "血友病", englishName: "Haemophilia", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 22),
        Disease(code: "child_growth_disorder", chineseName: "儿童生长发育障碍", englishName: "Child growth disorder", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 23),
        Disease(code: "cerebral_palsy", chineseName: "小儿脑瘫", englishName: "Cerebral palsy in children", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 24),
        Disease(code: "myasthenia_gravis", chineseName: "重症肌无力", englishName: "Myasthenia gravis", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 25),
        Disease(code: "muscular_dystrophy", chineseName: "肌营养不良", englishName: "Muscular dystrophy", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 26),
        Disease(code: "motor_neuron_disease", chineseName: "运动神经元疾病", englishName: "Motor neuron disease", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 27),
        Disease(code: "child_immunodeficiency", chineseName: "儿童免疫缺陷病", englishName: "Child immunodeficiency", lists: [.outpatient28, .criticalIllness25], outpatientNumber: 28),
        Disease(code: "child_all", chineseName: "儿童急性淋巴细胞白血病", englishName: "Childhood acute lymphoblastic leukaemia", lists: [.major15], majorCategory: "childhood_leukemia"),
        Disease(code: "child_apl", chineseName: "儿童急性早幼粒细胞白血病", englishName: "Childhood acute promyelocytic leukaemia", lists: [.major15], majorCategory: "childhood_leukemia"),
        Disease(code: "chd_asd", chineseName: "儿童先天性心脏病：房间隔缺损", englishName: "Congenital heart disease: atrial septal defect", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "chd_vsd", chineseName: "儿童先天性心脏病：室间隔缺损", englishName: "Congenital heart disease: ventricular septal defect", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "chd_pda", chineseName: "儿童先天性心脏病：动脉导管未闭", englishName: "Congenital heart disease: patent ductus arteriosus", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "chd_ps", chineseName: "儿童先天性心脏病：肺动脉瓣狭窄", englishName: "Congenital heart disease: pulmonary valve stenosis", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "chd_tof", chineseName: "儿童先天性心脏病：法式四联征", englishName: "Congenital heart disease: tetralogy of Fallot", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "chd_complex", chineseName: "儿童先天性心脏病：复杂性先心病", englishName: "Congenital heart disease: complex (two or more combined)", lists: [.major15], majorCategory: "childhood_chd"),
        Disease(code: "esophageal_cancer", chineseName: "食管癌", englishName: "Oesophageal cancer", lists: [.major15], majorCategory: "esophageal_cancer"),
        Disease(code: "gastric_cancer", chineseName: "胃癌", englishName: "Gastric cancer", lists: [.major15], majorCategory: "gastric_cancer"),
        Disease(code: "colon_cancer", chineseName: "结肠癌", englishName: "Colon cancer", lists: [.major15], majorCategory: "colon_cancer"),
        Disease(code: "rectal_cancer", chineseName: "直肠癌", englishName: "Rectal cancer", lists: [.major15], majorCategory: "rectal_cancer"),
        Disease(code: "severe_mental_illness", chineseName: "重性精神病", englishName: "Severe mental illness", lists: [.major15, .ninetyPercent], majorCategory: "severe_mental_illness"),
        Disease(code: "mdr_tb", chineseName: "耐多药肺结核", englishName: "Multidrug-resistant tuberculosis", lists: [.major15], majorCategory: "mdr_tb"),
        Disease(code: "cataract", chineseName: "白内障", englishName: "Cataract fit for surgery", lists: [.cataract]),
    ])
}
