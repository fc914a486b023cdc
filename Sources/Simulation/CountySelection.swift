/// A selection of counties by id (`fundsim run --counties ID[,ID…]`), resolved to
/// indices into ``PopulationModel/counties`` for ``RunConfiguration/onlyCounties``.
///
/// Why: a county planner (or `fundsim calibrate`'s fit report) wants one county's
/// forecast without simulating the province. Random streams are keyed by (seed, draw,
/// county, year, person), so the selected counties' numbers equal the full run's.
public enum CountySelection {
    /// The indices of the counties named by `ids` (each a county id such as
    /// `zhaotong.zhenxiong`, exactly as in the scenario); throws on an unknown or
    /// repeated id, or on none, naming the valid ids.
    public static func indices(of ids: [String], in population: PopulationModel) throws(CountySelectionError) -> Set<Int> {
        let known = population.counties.map(\.region.id)
        guard !ids.isEmpty else { throw CountySelectionError(message: "no county given", validIDs: known) }
        var indices = Set<Int>()
        for id in ids {
            guard let index = known.firstIndex(of: id) else {
                throw CountySelectionError(message: "unknown county '\(id)'", validIDs: known)
            }
            guard indices.insert(index).inserted else {
                throw CountySelectionError(message: "county '\(id)' is given twice", validIDs: known)
            }
        }
        return indices
    }

    /// Splits `ID[,ID…]` into ids, trimming spaces around each.
    public static func parse(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
    }

    /// The ids of the selected counties, in the model's county order, comma-separated (as the manifest records them).
    public static func text(_ indices: Set<Int>, in population: PopulationModel) -> String {
        indices.sorted().map { population.counties[$0].region.id }.joined(separator: ",")
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}

/// A county selection that names no county of the scenario.
public struct CountySelectionError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var message: String
    /// The scenario's county ids.
    public var validIDs: [String]

    /// The message with the valid ids.
    public var description: String { "\(message); the scenario's counties are \(validIDs.joined(separator: ", "))" }
}
