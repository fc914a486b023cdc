import PolicyCatalog
import Settlement
import Simulation
import Yams

extension Reader {
    /// The top-level keys of a scenario file.
    static let topLevelKeys = ["scenario", "notes", "disease_lists", "tiers", "fiscal", "simulation", "capitation"]

    /// Reads a whole composed document into a scenario (not yet compiled).
    func document(_ root: Node, text: String) throws(ScenarioError) -> Scenario {
        let top = Located(node: root, path: "")
        let f = try fields(top, allowed: Self.topLevelKeys, required: ["scenario", "tiers", "fiscal"])
        let header = try fields(f["scenario"]!, allowed: ["id", "title", "years"], required: ["id", "title", "years"])
        let id = try identifier(header["id"]!)
        let title = try string(header["title"]!)
        let yearsAt = header["years"]!
        let yf = try fields(yearsAt, allowed: ["first", "last"], required: ["first", "last"])
        let first = try integer(yf["first"]!)
        let last = try integer(yf["last"]!)
        guard first <= last else { throw error(yf["last"]!, "the last year \(last) is before the first year \(first)") }
        guard (2000...2100).contains(first) && (2000...2100).contains(last) else {
            throw error(yearsAt, "expected years between 2000 and 2100")
        }
        let years = first...last
        let notes = try f["notes"].map { (n: Located) throws(ScenarioError) -> String in try self.text(n) } ?? ""
        let lists = try f["disease_lists"].map { (l: Located) throws(ScenarioError) -> [String: [String]] in
            try self.diseaseLists(l, catalog: .standard)
        } ?? [:]
        let tiers = try self.tiers(f["tiers"]!, years: years)
        let fiscal = try self.fiscal(f["fiscal"]!, years: years, tiers: tiers)
        let plan = SettlementPlan(tiers: tiers, diseaseLists: lists)
        let simulation = try f["simulation"].map { (s: Located) throws(ScenarioError) -> ParsedSimulation in
            try self.simulation(s, years: years)
        }
        let capitation = try f["capitation"].map { (c: Located) throws(ScenarioError) -> [CapitationPilot] in
            try self.capitation(c, years: years, tierIDs: tiers.map(\.id), familyDoctor: fiscal.familyDoctor,
                                counties: simulation?.model.population.counties)
        } ?? []
        do {
            return try Scenario(id: id, title: title, years: years, notes: notes, plan: plan, fiscal: fiscal,
                                parameters: parameters, sourceText: text, sourceName: sourceName,
                                simulation: simulation.map {
                                    ScenarioSimulation(model: $0.model, provinceID: $0.provinceID, provinceName: $0.provinceName,
                                                       catastrophicShare: $0.catastrophicShare)
                                }, capitation: capitation)
        } catch {
            // A semantic error the engine found (unknown cap or list, missing year, …): point into the file.
            if let hit = locate(error.path) {
                // An exact hit gives the file's spelling of the path; a prefix hit keeps the engine's path.
                let exact = lineKnown(error.path)
                let (file, line) = sourceMap.locate(hit.line, fallback: sourceName)
                throw ScenarioError(file: file, line: line, field: exact ? hit.field : error.path, message: error.message)
            }
            throw ScenarioError(file: sourceName, line: 0, field: error.path, message: error.message)
        }
    }
}
