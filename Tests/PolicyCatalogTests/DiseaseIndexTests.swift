import Testing
import PolicyCatalog

@Suite("Disease indices")
struct DiseaseIndexTests {
    @Test("every catalog code has the typed index of its position, and the index gives the disease back")
    func roundTrip() {
        let catalog = DiseaseCatalog.standard
        for (position, disease) in catalog.diseases.enumerated() {
            let index = catalog.diseaseIndex(of: disease.code)
            #expect(index?.position == position)
            #expect(index.map { catalog[$0] } == disease)
            #expect(index.map(catalog.contains) == true)
        }
        #expect(catalog.diseaseIndex(of: "no_such_disease") == nil)
        #expect(!catalog.contains(DiseaseIndex(catalog.diseases.count)))
    }

    @Test("an optional index is two bytes, so a claim's small fields fit one word")
    func layout() {
        #expect(MemoryLayout<DiseaseIndex>.size == 1)
        #expect(MemoryLayout<DiseaseIndex?>.size == 2)
        #expect(DiseaseIndex.capacity == 256)
        #expect(DiseaseIndex(255).rawValue == 255)
    }
}
