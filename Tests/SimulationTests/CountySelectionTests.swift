import Simulation
import Testing

@Suite("CountySelection")
struct CountySelectionTests {
    static let population = PopulationModel(
        prefectures: [RegionName(id: "a", name: "A", chineseName: "")],
        counties: ["a.x", "a.y", "a.z"].map { CountySpec(region: RegionName(id: $0, name: $0, chineseName: ""), prefecture: 0, registeredPoor: 10) },
        ageBandLowerBounds: [0], ageSexShares: [[0.5, 0.5]], inPovertyShare: [:], householdSizeShares: [1])

    @Test("ids resolve to indices in the model's order; the manifest text lists them in that order")
    func resolves() throws {
        let indices = try CountySelection.indices(of: CountySelection.parse("a.z, a.x"), in: Self.population)
        #expect(indices == [0, 2])
        #expect(CountySelection.text(indices, in: Self.population) == "a.x,a.z")
    }

    @Test("unknown, repeated and empty ids are refused with the valid ids")
    func refuses() {
        for text in ["a.w", "a.x,a.x", "", "a.x,"] {
            #expect(throws: CountySelectionError.self, "\(text)") { try CountySelection.indices(of: CountySelection.parse(text), in: Self.population) }
        }
        do {
            _ = try CountySelection.indices(of: ["nope"], in: Self.population)
        } catch {
            #expect(error.description == "unknown county 'nope'; the scenario's counties are a.x, a.y, a.z")
        }
    }
}
