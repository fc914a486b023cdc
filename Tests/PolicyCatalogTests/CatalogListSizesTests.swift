import PolicyCatalog
import Testing

/// POLICY.md section 2 fixes the sizes of the lists; the settlement rules select
/// claims by list membership, so a code dropped from a list silently changes payments.
@Test func builtInListsHaveThePolicySizes() {
    let catalog = DiseaseCatalog.standard
    #expect(catalog.codes(in: .outpatient28).count == 28)
    #expect(catalog.codes(in: .criticalIllness25).count == 25)
    #expect(catalog.codes(in: .major15).count == 15)
    #expect(Set(catalog.codes(in: .ninetyPercent)) == ["schizophrenia", "bipolar_disorder", "severe_mental_illness", "esrd"])
    // The 25 are the 28 minus hypertension, diabetes and active TB.
    #expect(Set(catalog.codes(in: .outpatient28)).subtracting(catalog.codes(in: .criticalIllness25)) == ["hypertension", "diabetes", "active_tb"])
}
