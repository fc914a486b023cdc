import PolicyCatalog
import Settlement
import Testing

@Suite("Claim layout")
struct ClaimLayoutTests {
    /// The engine's hot loops copy claims and the settlement benchmark streams arrays of
    /// them: the six one-byte fields and the two-byte optional disease share one word.
    @Test("a claim is four words: its small fields and optional disease in one, then three amounts")
    func fourWords() {
        #expect(MemoryLayout<Claim>.size == 32)
        #expect(MemoryLayout<Claim>.stride == 32)
    }

    @Test("no disease is nil, and a claim without one equals one built with the default")
    func noDisease() {
        let a = Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true,
                      totalCost: Money(fen: 100), policyRangeCost: Money(fen: 90))
        var b = a
        b.disease = DiseaseCatalog.standard.diseaseIndex(of: "cataract")
        #expect(a.disease == nil)
        #expect(a != b)
        b.disease = nil
        #expect(a == b)
    }
}
