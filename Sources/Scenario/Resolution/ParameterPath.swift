import Yams

/// A parameter path: YAML mapping keys joined by dots, a list item named by its
/// `id` (or, for lists without ids, `disease` or `name`; a list of plain values by
/// its 0-based position), e.g.
/// `tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county` or
/// `simulation.population.counties.kunming.luquan.registered_poor`.
///
/// Ids and keys may contain dots (`kunming.luquan`). A segment is matched
/// against the keys or ids present, **longest first**: at each level the
/// longest run of dot-separated segments that names a key or an item is taken,
/// so `counties.kunming.luquan.registered_poor` finds the county `kunming.luquan`.
/// A segment in double quotes (`counties."kunming.luquan".registered_poor`) is
/// taken literally and never joined with its neighbours.
struct ParameterPath: Hashable, Sendable, CustomStringConvertible {
    /// One segment as written.
    struct Segment: Hashable, Sendable {
        let text: String
        let quoted: Bool
    }

    /// The segments.
    let segments: [Segment]
    /// The path as written.
    let text: String

    /// Parses a path; `nil` with a reason when it is empty, has an empty segment or an unclosed quote.
    static func parse(_ text: String) -> Result<ParameterPath, PathError> {
        var segments: [Segment] = []
        var current = ""
        var quoted = false
        var inQuotes = false
        var afterQuote = false
        for character in text {
            if inQuotes {
                if character == "\"" { inQuotes = false; afterQuote = true } else { current.append(character) }
                continue
            }
            switch character {
            case "\"":
                guard current.isEmpty, !afterQuote else { return .failure(PathError("a quote may only enclose a whole segment")) }
                inQuotes = true
                quoted = true
            case ".":
                guard !current.isEmpty || quoted else { return .failure(PathError("empty segment (two dots, or a dot at an end)")) }
                segments.append(Segment(text: current, quoted: quoted))
                current = ""
                quoted = false
                afterQuote = false
            default:
                guard !afterQuote else { return .failure(PathError("text after a closing quote; quote the whole segment")) }
                current.append(character)
            }
        }
        guard !inQuotes else { return .failure(PathError("unclosed quote")) }
        guard !current.isEmpty || quoted else { return .failure(PathError(text.isEmpty ? "empty path" : "empty segment (two dots, or a dot at an end)")) }
        segments.append(Segment(text: current, quoted: quoted))
        return .success(ParameterPath(segments: segments, text: text))
    }

    var description: String { text }
}

/// Why a path does not resolve or cannot be set; the caller adds where the path came from.
struct PathError: Error, Hashable, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// One step from a node to its child.
enum PathStep: Hashable, Sendable {
    /// The value of a mapping entry, at its position among the pairs.
    case key(index: Int, name: String)
    /// A list item at its position, with the name the path used.
    case item(index: Int, name: String)

    var name: String {
        switch self {
        case .key(_, let name), .item(_, let name): name
        }
    }
}

extension Node {
    /// The plain text of a scalar node, or `nil`.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// The keys of a mapping that names list items, in order of preference.
    static let itemNameKeys = ["id", "disease", "name"]

    /// The name of a list item: its `id` (or `disease`, `name`), or nil.
    var itemName: String? {
        guard case .mapping(let mapping) = self else { return nil }
        for key in Node.itemNameKeys { if let name = mapping[key]?.scalarText { return name } }
        return nil
    }

    /// Whether this is a quantity: a mapping with a `unit` and a `source`.
    var isQuantity: Bool {
        guard case .mapping(let mapping) = self else { return false }
        return mapping["unit"] != nil && mapping["source"] != nil
    }

    /// The child one step away.
    func child(_ step: PathStep) -> Node {
        switch (self, step) {
        case (.mapping(let m), .key(let i, _)): return m[m.index(m.startIndex, offsetBy: i)].value
        case (.sequence(let s), .item(let i, _)): return s[i]
        default: preconditionFailure("path step does not fit the node")
        }
    }

    /// The node at the end of `steps`.
    func descendant(_ steps: some Collection<PathStep>) -> Node {
        steps.reduce(self) { $0.child($1) }
    }

    /// Replaces the node at the end of `steps` (the root itself when empty).
    mutating func replace(at steps: ArraySlice<PathStep>, with new: Node) {
        guard let first = steps.first else {
            self = new
            return
        }
        switch (self, first) {
        case (.mapping(var m), .key(let i, _)):
            let index = m.index(m.startIndex, offsetBy: i)
            var value = m[index].value
            value.replace(at: steps.dropFirst(), with: new)
            m[index] = (key: m[index].key, value: value)
            self = .mapping(m)
        case (.sequence(var s), .item(let i, _)):
            var value = s[i]
            value.replace(at: steps.dropFirst(), with: new)
            s[i] = value
            self = .sequence(s)
        default:
            preconditionFailure("path step does not fit the node")
        }
    }

    /// The steps a path takes from this node (longest match of keys and ids at every
    /// level, see ``ParameterPath``), or why it does not resolve.
    func resolve(_ path: ParameterPath) -> Result<[PathStep], PathError> {
        var steps: [PathStep] = []
        var node = self
        var i = 0
        let segments = path.segments
        while i < segments.count {
            let consumedText = steps.map(\.name).joined(separator: ".")
            let here = consumedText.isEmpty ? "the top level" : "'\(consumedText)'"
            // Candidate names: the longest run of unquoted segments first, or one quoted segment.
            var candidates: [(name: String, count: Int)] = []
            if segments[i].quoted {
                candidates = [(segments[i].text, 1)]
            } else {
                var run = 0
                while i + run < segments.count && !segments[i + run].quoted { run += 1 }
                for count in stride(from: run, through: 1, by: -1) {
                    candidates.append((segments[i..<(i + count)].map(\.text).joined(separator: "."), count))
                }
            }
            switch node {
            case .mapping(let mapping):
                let keys = mapping.map { $0.key.scalarText ?? "" }
                guard let hit = candidates.first(where: { keys.contains($0.name) }) else {
                    return .failure(PathError("no key '\(segments[i].text)' under \(here); keys there: \(keys.joined(separator: ", "))"))
                }
                let index = keys.firstIndex(of: hit.name)!
                steps.append(.key(index: index, name: hit.name))
                node = mapping[mapping.index(mapping.startIndex, offsetBy: index)].value
                i += hit.count
            case .sequence(let sequence):
                let names = sequence.map { $0.itemName }
                if let hit = candidates.first(where: { names.contains($0.name) }) {
                    let index = names.firstIndex(of: hit.name)!
                    steps.append(.item(index: index, name: hit.name))
                    node = sequence[index]
                    i += hit.count
                } else if names.allSatisfy({ $0 == nil }), let index = Int(segments[i].text), sequence.indices.contains(index) {
                    steps.append(.item(index: index, name: segments[i].text))
                    node = sequence[index]
                    i += 1
                } else if names.allSatisfy({ $0 == nil }) {
                    return .failure(PathError("the list \(here) has \(sequence.count) items without ids; name one by its position 0-\(max(0, sequence.count - 1)), found '\(segments[i].text)'"))
                } else {
                    let known = names.compactMap { $0 }
                    return .failure(PathError("no item with id '\(segments[i].text)' in the list \(here); its ids: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", … (\(known.count) in all)" : "")"))
                }
            case .scalar(let scalar):
                return .failure(PathError("\(here) is the value '\(scalar.string)'; it has no field '\(segments[i].text)'"))
            case .alias:
                return .failure(PathError("\(here) is an alias"))
            }
        }
        return .success(steps)
    }
}
