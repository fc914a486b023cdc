import Yams

/// `--set` into a county's own parameters: `simulation.county_overrides.COUNTY.PATH`
/// where `simulation.PATH` is a number of the province. When the county has no
/// override of that quantity yet, the province's quantity (value, unit, source,
/// uncertainty) is copied under `simulation.county_overrides.COUNTY` first, so
/// the assignment then changes the county's copy only.
enum CountyOverrides {
    /// The keys of the simulation section a county may override.
    static let sections = ["cost_growth", "population", "general_outpatient", "inpatient", "conditions"]

    /// Creates the nodes the path needs and returns its steps; `nil` when the path
    /// does not start with `simulation.county_overrides`, a failure when it does
    /// but cannot name a county's copy of a province number.
    /// Created nodes carry `mark` (the assignment's), so errors about them point at the assignment.
    static func create(_ root: inout Node, path: ParameterPath, mark: Mark?) -> Result<[PathStep], PathError>? {
        let segments = path.segments
        guard segments.count >= 4, segments[0] == .init(text: "simulation", quoted: false),
              segments[1] == .init(text: "county_overrides", quoted: false),
              case .success(let simulationSteps) = root.resolve(ParameterPath(segments: [segments[0]], text: "simulation")) else { return nil }
        let simulation = root.descendant(simulationSteps)
        // The county: the longest run of segments (or one quoted segment) that is a county id.
        guard case .success(let countySteps) = simulation.resolve(ParameterPath(segments: [.init(text: "population", quoted: false), .init(text: "counties", quoted: false)], text: "population.counties")),
              case .sequence(let counties) = simulation.descendant(countySteps) else {
            return .failure(PathError("the scenario has no simulation.population.counties"))
        }
        let ids = Set(counties.compactMap(\.itemName))
        var countyID: String?
        var used = 0
        if segments[2].quoted {
            if ids.contains(segments[2].text) { countyID = segments[2].text; used = 1 }
        } else {
            var run = 0
            while 2 + run < segments.count && !segments[2 + run].quoted { run += 1 }
            for count in stride(from: run, through: 1, by: -1) {
                let candidate = segments[2..<(2 + count)].map(\.text).joined(separator: ".")
                if ids.contains(candidate) { countyID = candidate; used = count; break }
            }
        }
        guard let countyID else {
            return .failure(PathError("no county '\(segments[2].text)' in simulation.population.counties for simulation.county_overrides"))
        }
        let rest = Array(segments[(2 + used)...])
        guard let first = rest.first, sections.contains(first.text) else {
            return .failure(PathError("a county may override \(sections.joined(separator: ", ")); found '\(rest.first?.text ?? "")'"))
        }
        let relative = ParameterPath(segments: rest, text: rest.map(\.text).joined(separator: "."))
        let provinceSteps: [PathStep]
        switch simulation.resolve(relative) {
        case .success(let steps): provinceSteps = steps
        case .failure(let problem): return .failure(PathError("simulation.\(relative) is not a number of the province: \(problem.message)"))
        }
        // The quantity the path ends in (or at).
        guard let quantityDepth = (1...provinceSteps.count).first(where: { simulation.descendant(provinceSteps[..<$0]).isQuantity }) else {
            return .failure(PathError("simulation.\(relative) is not a number with a unit and source"))
        }
        var section = simulation
        guard case .mapping(var simulationMapping) = section else { return nil }
        var overrides = simulationMapping["county_overrides"] ?? .mapping(.init([], .implicit, .any, mark))
        guard case .mapping(var byCounty) = overrides else { return .failure(PathError("simulation.county_overrides is not a mapping")) }
        var county = byCounty[countyID] ?? .mapping(.init([], .implicit, .any, mark))
        ensure(&county, steps: provinceSteps[..<quantityDepth], province: simulation, mark: mark)
        byCounty[countyID] = county
        overrides = .mapping(byCounty)
        simulationMapping["county_overrides"] = overrides
        section = .mapping(simulationMapping)
        root.replace(at: simulationSteps[...], with: section)
        return root.resolve(path)
    }

    /// Makes `node` (a county's override block, or a part of it) hold the path of `steps`,
    /// copying the province's quantity at the last step when missing.
    private static func ensure(_ node: inout Node, steps: ArraySlice<PathStep>, province: Node, mark: Mark?) {
        guard let step = steps.first else { return }
        let provinceChild = province.child(step)
        let isLast = steps.count == 1
        switch step {
        case .key(_, let name):
            guard case .mapping(var mapping) = node else { return }
            var child = mapping[name] ?? (isLast ? relabel(provinceChild, mark: mark) : empty(like: provinceChild, mark: mark))
            if !isLast { ensure(&child, steps: steps.dropFirst(), province: provinceChild, mark: mark) }
            mapping[name] = child
            node = .mapping(mapping)
        case .item(_, let name):
            guard case .sequence(var sequence) = node else { return }
            let index: Int
            if let found = sequence.firstIndex(where: { $0.itemName == name }) {
                index = found
            } else {
                let key = Node.itemNameKeys.first { provinceChild.mapping?[$0] != nil } ?? "id"
                sequence.append(.mapping(.init([(Node(key), Node(name))], .implicit, .any, mark)))
                index = sequence.count - 1
            }
            var child = sequence[index]
            if !isLast { ensure(&child, steps: steps.dropFirst(), province: provinceChild, mark: mark) }
            sequence[index] = child
            node = .sequence(sequence)
        }
    }

    private static func empty(like node: Node, mark: Mark?) -> Node {
        if case .sequence = node { return .sequence(.init([], .implicit, .any, mark)) }
        return .mapping(.init([], .implicit, .any, mark))
    }

    /// A copy of a subtree whose every node carries `mark`.
    static func relabel(_ node: Node, mark: Mark?) -> Node {
        switch node {
        case .scalar(var scalar):
            scalar.mark = mark
            return .scalar(scalar)
        case .mapping(let mapping):
            var copy = Node.Mapping(mapping.map { (relabel($0.key, mark: mark), relabel($0.value, mark: mark)) }, mapping.tag, mapping.style, mark)
            copy.mark = mark
            return .mapping(copy)
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map { relabel($0, mark: mark) }, sequence.tag, sequence.style, mark))
        case .alias:
            return node
        }
    }
}
