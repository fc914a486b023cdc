import Yams

/// One addressable number of a scenario, as `fundsim params` lists it.
public struct ParameterEntry: Hashable, Sendable {
    /// The parameter path to give `--set` or an overlay's `set:` (see `Scenarios/FORMAT.md`).
    public var path: String
    /// The number as written.
    public var value: String
    /// The unit of its quantity (`yuan`, `ratio`, …), or what a plain number counts (`people`, `year`, `age`).
    public var unit: String
    /// The source of its quantity; empty for plain numbers (ids, counts and years of the file's structure).
    public var source: String
    /// The path of the quantity it belongs to (the path itself for a one-value quantity), or `nil` for a plain number.
    public var quantity: String?
}

extension Scenario {
    /// Every number of the resolved scenario with its path, value, unit and source,
    /// in file order: each value of each quantity (`PATH` for `{value: …}`,
    /// `PATH.county` for a level table, `PATH.by_year.2018`, `PATH.female.3` for a
    /// list), the numbers of `uncertainty`, and the plain numbers of the structure
    /// (`registered_poor`, years, age bands). Every path resolves with `--set`.
    public func parameterEntries() -> [ParameterEntry] {
        guard let root = try? Yams.compose(yaml: resolvedText) else { return [] }
        var entries: [ParameterEntry] = []
        ParameterWalker(root: root).walk(root, steps: [], quantity: nil, into: &entries)
        return entries
    }
}

/// Walks a scenario tree and lists its numbers.
struct ParameterWalker {
    let root: Node

    /// What a plain number outside a quantity counts, by its key.
    static let plainUnits = ["registered_poor": "people", "first": "year", "last": "year", "cost_base_year": "year", "age_bands": "age"]

    struct QuantityContext {
        let path: String
        let unit: String
        let source: String
    }

    func walk(_ node: Node, steps: [PathStep], quantity: QuantityContext?, into entries: inout [ParameterEntry]) {
        switch node {
        case .mapping(let mapping):
            var context = quantity
            if quantity == nil, node.isQuantity {
                context = QuantityContext(path: render(steps), unit: mapping["unit"]?.scalarText ?? "", source: mapping["source"]?.scalarText ?? "")
            }
            for (i, pair) in mapping.enumerated() {
                let key = pair.key.scalarText ?? ""
                if context != nil && quantity == nil && (key == "unit" || key == "source") { continue }
                walk(pair.value, steps: steps + [.key(index: i, name: key)], quantity: context, into: &entries)
            }
        case .sequence(let sequence):
            let named = sequence.contains { $0.itemName != nil }
            for (i, item) in sequence.enumerated() {
                walk(item, steps: steps + [.item(index: i, name: named ? (item.itemName ?? String(i)) : String(i))], quantity: quantity, into: &entries)
            }
        case .scalar(let scalar):
            guard let last = steps.last, DecimalText(scalar.string) != nil, scalar.style == .plain else { return }
            if case .key(_, let key) = last, Node.itemNameKeys.contains(key) { return }
            // A one-value quantity is addressed by its own path.
            var pathSteps = steps
            if quantity != nil, case .key(_, "value") = last, render(Array(steps.dropLast())) == quantity!.path { pathSteps.removeLast() }
            let keys = steps.compactMap { step -> String? in if case .key(_, let k) = step { return k } else { return nil } }
            let unitKey = keys.last ?? ""
            // Uncertainty: cv is a coefficient of variation, half_width a share of the value.
            let unit = keys.contains("uncertainty") ? (unitKey == "cv" ? "cv" : "share") : (quantity?.unit ?? Self.plainUnits[unitKey] ?? "")
            entries.append(ParameterEntry(path: render(pathSteps), value: scalar.string, unit: unit,
                                          source: quantity?.source ?? "", quantity: quantity?.path))
        case .alias:
            return
        }
    }

    /// The path text of some steps: names joined by dots, with a dotted name quoted
    /// when the longest-match reading would take another way.
    func render(_ steps: [PathStep]) -> String {
        let plain = steps.map(\.name).joined(separator: ".")
        guard steps.contains(where: { $0.name.contains(".") }) else { return plain }
        if case .success(let parsed) = ParameterPath.parse(plain), case .success(let found) = root.resolve(parsed), found == steps { return plain }
        return steps.map { $0.name.contains(".") ? "\"\($0.name)\"" : $0.name }.joined(separator: ".")
    }
}
