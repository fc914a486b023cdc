import Testing
import PolicyCatalog

/// The catalog must carry exactly the codes and lists of POLICY.md section 2:
/// files, scenarios and output depend on them.
@Suite("Disease catalog")
struct DiseaseCatalogTests {
    let catalog = DiseaseCatalog.standard

    @Test("the 28 outpatient diseases, in the official order")
    func outpatient28() {
        let codes = ["hypertension", "diabetes", "active_tb", "cancer", "sarcoma", "lymphoma", "multiple_myeloma", "melanoma",
                     "germ_cell_tumor", "leukemia", "intracranial_tumor", "esrd", "organ_transplant", "sle", "aplastic_anemia",
                     "hereditary_spherocytosis", "autoimmune_hemolytic_anemia", "thalassemia", "schizophrenia", "bipolar_disorder",
                     "parkinsons", "hemophilia", "child_growth_disorder", "cerebral_palsy", "myasthenia_gravis",
                     "muscular_dystrophy", "motor_neuron_disease", "child_immunodeficiency"]
        #expect(catalog.codes(in: .outpatient28) == codes)
        for (i, code) in codes.enumerated() { #expect(catalog[code]?.outpatientNumber == i + 1) }
    }

    @Test("the 25 are the 28 minus hypertension, diabetes and active TB")
    func criticalIllness25() {
        let expected = catalog.codes(in: .outpatient28).filter { !["hypertension", "diabetes", "active_tb"].contains($0) }
        #expect(catalog.codes(in: .criticalIllness25) == expected)
        #expect(expected.count == 25)
    }

    @Test("the 9 categories / 15 major diseases, with esrd in both lists")
    func major15() {
        let codes = Set(catalog.codes(in: .major15))
        #expect(codes == ["child_all", "child_apl", "chd_asd", "chd_vsd", "chd_pda", "chd_ps", "chd_tof", "chd_complex",
                          "esophageal_cancer", "gastric_cancer", "colon_cancer", "rectal_cancer", "esrd",
                          "severe_mental_illness", "mdr_tb"])
        let categories = Set(catalog.diseases.compactMap(\.majorCategory))
        #expect(categories.count == 9)
        #expect(catalog["esrd"]!.lists.contains([.outpatient28, .major15]))
    }

    @Test("the 90% diseases and cataract; 43 distinct codes in all")
    func ninetyAndCataract() {
        #expect(Set(catalog.codes(in: .ninetyPercent)) == ["schizophrenia", "bipolar_disorder", "severe_mental_illness", "esrd"])
        #expect(catalog.codes(in: .cataract) == ["cataract"])
        #expect(catalog.diseases.count == 43)
        #expect(Set(catalog.diseases.map(\.code)).count == 43)
        #expect(catalog["no_such_disease"] == nil)
        #expect(catalog.diseases.allSatisfy { !$0.chineseName.isEmpty && !$0.englishName.isEmpty })
    }

    @Test("list names round-trip")
    func listNames() {
        for (name, list) in DiseaseListSet.named { #expect(DiseaseListSet(name: name) == list) }
        #expect(DiseaseListSet(name: "outpatient_29") == nil)
    }
}
