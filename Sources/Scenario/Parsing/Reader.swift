import Foundation
import Settlement
import Yams

/// Walks a composed YAML tree for one scenario file: checks shapes and keys,
/// converts scalars, records each parameter with its unit and source, and
/// remembers the line of every path so that errors found later (by the
/// settlement engine) can still point into the file.
final class Reader {
    /// The file name used in errors.
    let sourceName: String
    /// Every quantity read, in file order.
    private(set) var parameters: [ScenarioParameter] = []
    /// Path → (line, path as the file spells it); also holds the engine's
    /// aliases (paths without `coinsurance`/`top_up`/`when`).
    private var lines: [String: (line: Int, field: String)] = [:]

    /// Maps the lines of a resolved tree (overlays, overrides) back to their documents.
    let sourceMap: SourceMap

    init(sourceName: String, sourceMap: SourceMap = SourceMap()) {
        self.sourceName = sourceName
        self.sourceMap = sourceMap
    }

    // MARK: Errors and lines

    /// An error at a node.
    func error(_ at: Located, _ message: String) -> ScenarioError {
        let (file, line) = sourceMap.locate(at.line, fallback: sourceName)
        return ScenarioError(file: file, line: line, field: at.path, message: message)
    }

    /// Remembers the line of a path, and of the path the settlement engine
    /// uses for it: the engine's ``PlanError`` paths leave out the formula key
    /// and `when` (`rules[r].ratio.county` for `rules[r].coinsurance.ratio.county`).
    func remember(_ at: Located) {
        lines[at.path] = (at.line, at.path)
        var alias = at.path
        for segment in [".coinsurance.", ".top_up.", ".when."] {
            alias = alias.replacingOccurrences(of: segment, with: ".")
        }
        if alias != at.path, lines[alias] == nil { lines[alias] = (at.line, at.path) }
    }

    /// Maps a path the settlement engine reported to a line and the file's
    /// spelling of the path: the path itself, else its longest known prefix.
    func locate(_ path: String) -> (line: Int, field: String)? {
        var candidate = Substring(path)
        while true {
            if let hit = lines[String(candidate)] { return hit }
            // Drop the last component: a trailing `.name` or `[id]`.
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            candidate = candidate[..<cut]
        }
    }

    /// Whether this exact path (or engine alias) was seen.
    func lineKnown(_ path: String) -> Bool { lines[path] != nil }

    /// Records a parameter.
    func record(_ at: Located, value: String, unit: ParameterUnit, source: String) {
        parameters.append(ScenarioParameter(path: at.path, value: value, unit: unit, source: source,
                                            line: sourceMap.locate(at.line, fallback: sourceName).line))
    }

    // MARK: Shapes

    /// The entries of a mapping, rejecting keys outside `allowed` and requiring `required`.
    /// `unknownMessage` builds the message for an unknown key (default: lists the allowed keys).
    /// With `anyKeys` every key is accepted (for maps keyed by the file, e.g. years or names).
    func fields(_ at: Located, allowed: [String], required: [String] = [], anyKeys: Bool = false,
                unknownMessage: ((String) -> String)? = nil) throws(ScenarioError) -> Fields {
        guard case .mapping(let mapping) = at.node else {
            throw error(at, anyKeys ? "expected a mapping, found \(at.shortText)"
                                    : "expected a mapping with keys \(allowed.joined(separator: ", ")), found \(at.shortText)")
        }
        var entries: [(key: String, value: Located)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                throw error(Located(node: keyNode, path: at.path), "expected a plain key, found \(Located(node: keyNode, path: at.path).shortText)")
            }
            let key = keyScalar.string
            let keyAt = Located(node: keyNode, path: at.path.isEmpty ? key : "\(at.path).\(key)")
            guard anyKeys || allowed.contains(key) else {
                throw error(keyAt, unknownMessage?(key) ?? "unknown key '\(key)'; allowed keys here: \(allowed.joined(separator: ", "))")
            }
            let value = Located(node: valueNode, path: keyAt.path)
            remember(value)
            entries.append((key, value))
        }
        let result = Fields(owner: at, entries: entries)
        for key in required where !result.has(key) {
            throw error(at, "missing key '\(key)'; this mapping needs \(required.joined(separator: ", "))")
        }
        return result
    }

    /// The text of a scalar node.
    func text(_ at: Located) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = at.node else { throw error(at, "expected a single value, found \(at.shortText)") }
        return scalar.string
    }

    /// A non-empty string; a YAML null (`null`, `~`, nothing) is refused, not read as the text "null".
    func string(_ at: Located) throws(ScenarioError) -> String {
        let value = try text(at)
        guard !value.isEmpty, !Self.isNull(at) else { throw error(at, "expected a non-empty text, found \(Self.isNull(at) ? "null" : "nothing")") }
        return value
    }

    /// A `source`: a non-empty text. A plain number or boolean (`source: 2017`, `source: true`) is refused
    /// too, as YAML reads it as no text at all; quoted, it is accepted.
    func source(_ at: Located) throws(ScenarioError) -> String {
        let value = try string(at)
        if case .scalar(let scalar) = at.node, scalar.style == .plain,
           DecimalText(value) != nil || ["true", "false", "True", "False", "TRUE", "FALSE"].contains(value) {
            throw error(at, "expected a text naming the source (a seed measure, a statistic, or \"assumed\"), found the \(DecimalText(value) != nil ? "number" : "boolean") \(value); quote it if it is meant as text")
        }
        return value
    }

    /// Whether a node is a plain YAML null (`null`, `Null`, `NULL`, `~` or empty).
    static func isNull(_ at: Located) -> Bool {
        guard case .scalar(let scalar) = at.node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// An id (see ``isIdentifier(_:)``).
    func identifier(_ at: Located) throws(ScenarioError) -> String {
        let value = try text(at)
        guard Self.isIdentifier(value) else { throw error(at, "expected an id (\(Self.identifierRule)), found \(at.shortText)") }
        return value
    }

    /// A payer, one of ``Payer``: an unknown one (a misspelt fund would be booked nowhere) is refused here.
    func payer(_ at: Located) throws(ScenarioError) -> Payer {
        let value = try identifier(at)
        guard let payer = Payer(rawValue: value) else {
            throw error(at, "unknown payer '\(value)'; expected one of \(Payer.allCases.map(\.id).joined(separator: ", "))")
        }
        return payer
    }

    /// The id rule in words, for messages and `Scenarios/FORMAT.md`.
    static let identifierRule = "letters, digits, '_', '-' and '.', starting with a letter or digit, no '..' and no final '.', at most 64 characters"

    /// Whether a text is an id: letters (any script, any case), digits, `_`, `-` and `.`;
    /// starting with a letter or digit; no `..` and no final `.`; at most 64 characters.
    /// Ids name output columns, rows and folders and are parts of parameter paths
    /// (a dotted id is found by longest match, or quoted), so no spaces, slashes or quotes.
    static func isIdentifier(_ value: String) -> Bool {
        guard let first = value.first, first.isLetter || first.isNumber, value.count <= 64,
              !value.hasSuffix("."), !value.contains("..") else { return false }
        return value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// `true` or `false`.
    func bool(_ at: Located) throws(ScenarioError) -> Bool {
        switch try text(at) {
        case "true": return true
        case "false": return false
        default: throw error(at, "expected true or false, found \(at.shortText)")
        }
    }

    /// A whole number.
    func integer(_ at: Located) throws(ScenarioError) -> Int {
        let value = try text(at)
        guard let n = Int(value) else { throw error(at, "expected a whole number, found \(at.shortText)") }
        return n
    }

    /// The items of a list, each with the path `path[i]`.
    func sequence(_ at: Located) throws(ScenarioError) -> [Located] {
        guard case .sequence(let sequence) = at.node else { throw error(at, "expected a list, found \(at.shortText)") }
        return sequence.enumerated().map { i, node in
            let item = Located(node: node, path: "\(at.path)[\(i)]")
            remember(item)
            return item
        }
    }

    /// A list of plain values (a single value counts as a list of one).
    func stringList(_ at: Located) throws(ScenarioError) -> [(value: String, at: Located)] {
        if case .scalar = at.node { return [(try string(at), at)] }
        var result: [(value: String, at: Located)] = []
        for item in try sequence(at) { result.append((try string(item), item)) }
        guard !result.isEmpty else { throw error(at, "expected at least one value; leave the key out instead") }
        return result
    }

    /// A set of enumeration values named in the file, e.g. settings or levels.
    func names<T: Hashable>(_ at: Located, kind: String, all: [T], name: (T) -> String) throws(ScenarioError) -> Set<T> {
        var result = Set<T>()
        for (value, item) in try stringList(at) {
            guard let match = all.first(where: { name($0) == value }) else {
                throw error(item, "unknown \(kind) '\(value)'; expected one of \(all.map(name).joined(separator: ", "))")
            }
            result.insert(match)
        }
        return result
    }
}
