import Foundation
import Reporting
import Yams

/// Turns a scenario name or text, its `extends` chain and a list of overrides
/// into one YAML tree, before the ``Reader`` parses it (so every check of the
/// loader applies to overlays and overrides alike).
///
/// An **overlay** is a document with `extends:` (a built-in name, or a path
/// relative to the overlay's own file). Its keys, applied to the resolved base
/// in this order:
/// - `scenario: {id, title[, years]}` (required: an overlay is its own scenario) replaces those header keys;
/// - `notes`, and any top-level section (`disease_lists`, `tiers`, `fiscal`, `simulation`, `capitation`), replace the base's whole section;
/// - `replace: {PATH: NODE, …}` replaces the node at each path (or adds a key to an existing mapping);
/// - `remove: [PATH, …]` removes a mapping key or a list item;
/// - `set: {PATH: {value: V, source: "…"}, …}` sets numbers like ``ParameterOverride``s.
/// Cycles of `extends` are refused naming every file of the cycle.
struct ScenarioResolver {
    /// The resolved tree.
    private(set) var root: Node = .scalar(.init(""))
    /// Lines of the tree back to their documents.
    private(set) var sourceMap = SourceMap()
    /// The chain of files, the named one first.
    private(set) var files: [ScenarioFile] = []
    /// Whether anything changed the first document's tree (an `extends`, or an override).
    private(set) var changed = false
    /// The named document's exact text.
    private(set) var firstText = ""

    /// The keys an overlay may have besides the scenario sections.
    static let overlayKeys = ["extends", "scenario", "notes", "set", "replace", "remove"]
    /// Sections an overlay replaces whole.
    static let sectionKeys = ["disease_lists", "tiers", "fiscal", "simulation", "capitation"]

    /// Resolves a named scenario (built-in name or path).
    mutating func resolve(nameOrPath: String, overrides: [ParameterOverride]) throws(ScenarioError) {
        let (text, name) = try Self.read(nameOrPath: nameOrPath, from: nil)
        firstText = text
        root = try document(text: text, name: name, chain: [])
        try apply(overrides)
    }

    /// Resolves a scenario given as text.
    mutating func resolve(yaml: String, sourceName: String, overrides: [ParameterOverride]) throws(ScenarioError) {
        firstText = yaml
        root = try document(text: yaml, name: sourceName, chain: [])
        try apply(overrides)
    }

    /// The resolved text: the named document itself when nothing changed it, else the tree written out as YAML.
    func resolvedText() throws(ScenarioError) -> String {
        guard changed else { return firstText }
        do {
            return try Yams.serialize(node: root, width: -1, allowUnicode: true, sortKeys: false)
        } catch {
            throw ScenarioError(file: files.first?.name ?? "", line: 0, field: "", message: "cannot write the resolved scenario: \(error)")
        }
    }

    // MARK: Reading files

    /// Whether a scenario argument is a file path rather than a built-in name.
    static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
    }

    /// The text and display name of a built-in or a file; a relative path is taken from `directory` when given.
    static func read(nameOrPath: String, from directory: String?) throws(ScenarioError) -> (text: String, name: String) {
        guard isPath(nameOrPath) else {
            guard let text = ScenarioLoader.builtInText(nameOrPath) else {
                throw ScenarioError(file: nameOrPath, line: 0, field: "",
                                    message: "no built-in scenario of this name; expected one of \(ScenarioLoader.builtInNames.joined(separator: ", ")), or a path to a .yaml file")
            }
            return (text, "builtin:\(nameOrPath)")
        }
        var path = nameOrPath
        if let directory, !nameOrPath.hasPrefix("/") {
            path = directory.isEmpty ? nameOrPath : (directory as NSString).appendingPathComponent(nameOrPath)
        }
        // Only a regular file (a FIFO would block the read, a device never end), and no oversized one.
        let data: Data
        do { data = try InputFile.read(path, what: "scenario .yaml file", maximumBytes: DocumentLimits.maximumBytes) } catch {
            throw ScenarioError(file: path, line: 0, field: "", message: error.problem == .cannotOpen(ENOENT) ? "cannot read the file: no such file" : error.message)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 0, field: "", message: "not valid UTF-8 text")
        }
        return (text, path)
    }

    /// A stable identity of a file for cycle detection.
    static func identity(_ name: String) -> String {
        name.hasPrefix("builtin:") ? name : URL(fileURLWithPath: name).standardizedFileURL.resolvingSymlinksInPath().path
    }

    // MARK: Documents

    /// Checks and composes one document after padding it to its own line range.
    private mutating func compose(text: String, file: String, fixedLine: Int? = nil) throws(ScenarioError) -> Node? {
        try DocumentLimits.check(text, file: file)
        let offset = sourceMap.add(text: text, file: file, fixedLine: fixedLine)
        do {
            return try Yams.compose(yaml: String(repeating: "\n", count: offset) + text)
        } catch {
            var located = ScenarioLoader.syntaxError(error, file: file)
            if located.line > 0 { located.line = fixedLine ?? max(1, located.line - offset) }
            throw located
        }
    }

    /// Where a node of the tree came from.
    private func location(_ node: Node) -> (file: String, line: Int) {
        sourceMap.locate(node.mark?.line ?? 0, fallback: files.first?.name ?? "")
    }

    private func error(_ node: Node, field: String, _ message: String) -> ScenarioError {
        let (file, line) = location(node)
        return ScenarioError(file: file, line: line, field: field, message: message)
    }

    /// Reads one document and, when it is an overlay, resolves its base and applies it.
    private mutating func document(text: String, name: String, chain: [String]) throws(ScenarioError) -> Node {
        guard let root = try compose(text: text, file: name) else {
            throw ScenarioError(file: name, line: 0, field: "", message: "empty document; expected a mapping with scenario, tiers and fiscal")
        }
        files.append(ScenarioFile(name: name, sha256: SHA256.hex(Array(text.utf8))))
        guard case .mapping(let mapping) = root, let extendsNode = mapping["extends"] else { return root }
        changed = true
        let chain = chain + [Self.identity(name)]
        for (key, _) in mapping {
            let keyText = key.scalarText ?? ""
            guard Self.overlayKeys.contains(keyText) || Self.sectionKeys.contains(keyText) else {
                throw error(key, field: keyText, "unknown key '\(keyText)' in an overlay; allowed: \((Self.overlayKeys + Self.sectionKeys).joined(separator: ", "))")
            }
        }
        guard let baseName = extendsNode.scalarText, !baseName.isEmpty else {
            throw error(extendsNode, field: "extends", "expected a built-in scenario name or a relative path to a .yaml file")
        }
        let directory = name.hasPrefix("builtin:") ? nil : (name as NSString).deletingLastPathComponent
        if name.hasPrefix("builtin:") && Self.isPath(baseName) {
            throw error(extendsNode, field: "extends", "a built-in scenario can only extend another built-in scenario")
        }
        let base: (text: String, name: String)
        do { base = try Self.read(nameOrPath: baseName, from: directory) } catch {
            let (file, line) = location(extendsNode)
            throw ScenarioError(file: file, line: line, field: "extends", message: "cannot load '\(baseName)': \(error.description)")
        }
        if chain.contains(Self.identity(base.name)) {
            let names = (chain + [Self.identity(base.name)]).map { $0.hasPrefix("builtin:") ? $0 : $0 }
            throw error(extendsNode, field: "extends", "a cycle of extends: \(names.joined(separator: " → ")); a scenario cannot extend itself")
        }
        var resolved = try document(text: base.text, name: base.name, chain: chain)
        try overlay(mapping, onto: &resolved, name: name)
        return resolved
    }

    /// Applies an overlay's keys to its resolved base.
    private mutating func overlay(_ overlay: Node.Mapping, onto base: inout Node, name: String) throws(ScenarioError) {
        guard case .mapping(var top) = base else {
            throw ScenarioError(file: name, line: 0, field: "extends", message: "the base scenario is not a mapping")
        }
        guard let header = overlay["scenario"], case .mapping(let headerMapping) = header else {
            throw ScenarioError(file: name, line: 1, field: "scenario",
                                message: "an overlay needs its own scenario: {id, title} (its output folder is named by the id)")
        }
        guard headerMapping["id"] != nil, headerMapping["title"] != nil else {
            throw error(header, field: "scenario", "an overlay needs its own scenario: {id, title}")
        }
        // The header: the keys given replace the base's.
        if case .mapping(var baseHeader) = top["scenario"] ?? .mapping(.init([])) {
            for (key, value) in headerMapping {
                guard let keyText = key.scalarText, ["id", "title", "years"].contains(keyText) else {
                    throw error(key, field: "scenario.\(key.scalarText ?? "")", "unknown key; an overlay's scenario has id, title and optionally years")
                }
                baseHeader[keyText] = value
            }
            top["scenario"] = .mapping(baseHeader)
        }
        if let notes = overlay["notes"] { top["notes"] = notes }
        for section in Self.sectionKeys {
            if let replacement = overlay["\(section)"] { top[section] = replacement }
        }
        base = .mapping(top)
        if let replace = overlay["replace"] {
            guard case .mapping(let entries) = replace else { throw error(replace, field: "replace", "expected a mapping of PATH: replacement") }
            for (key, value) in entries {
                let pathText = key.scalarText ?? ""
                let path = try parsePath(pathText, at: key, field: "replace")
                try Self.replaceOrAdd(&base, path: path).mapError { self.error(key, field: "replace.\(pathText)", $0.message) }.get()
                    .apply(to: &base, value)
            }
        }
        if let remove = overlay["remove"] {
            guard case .sequence(let items) = remove else { throw error(remove, field: "remove", "expected a list of paths") }
            for item in items {
                let pathText = item.scalarText ?? ""
                let path = try parsePath(pathText, at: item, field: "remove")
                try Self.remove(&base, path: path).mapError { self.error(item, field: "remove.\(pathText)", $0.message) }.get()
            }
        }
        if let set = overlay["set"] {
            guard case .mapping(let entries) = set else { throw error(set, field: "set", "expected a mapping of PATH: {value: V, source: \"…\"}") }
            for (key, entry) in entries {
                let pathText = key.scalarText ?? ""
                guard case .mapping(let fields) = entry, let value = fields["value"], let sourceNode = fields["source"] else {
                    throw error(entry, field: "set.\(pathText)", "expected {value: V, source: \"…\"}: a new value with its source")
                }
                for (fieldKey, _) in fields where !["value", "source"].contains(fieldKey.scalarText ?? "") {
                    throw error(fieldKey, field: "set.\(pathText)", "unknown key '\(fieldKey.scalarText ?? "")'; an entry of set: has value and source")
                }
                guard let source = sourceNode.scalarText, !source.isEmpty, !Self.isPlainNull(sourceNode) else {
                    throw error(sourceNode, field: "set.\(pathText).source", "expected a non-empty source text")
                }
                let path = try parsePath(pathText, at: key, field: "set")
                let (file, line) = location(key)
                try Self.set(&base, path: path, value: value, source: source, origin: "\(file):\(line)")
                    .mapError { self.error(key, field: "set.\(pathText)", $0.message) }.get()
            }
        }
    }

    private func parsePath(_ text: String, at node: Node, field: String) throws(ScenarioError) -> ParameterPath {
        switch ParameterPath.parse(text) {
        case .success(let path): return path
        case .failure(let problem): throw error(node, field: "\(field).\(text)", "not a parameter path: \(problem.message)")
        }
    }

    static func isPlainNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: Overrides

    /// Applies command-line (or sweep) overrides, in order, to the resolved tree.
    private mutating func apply(_ overrides: [ParameterOverride]) throws(ScenarioError) {
        for override in overrides {
            changed = true
            let (file, fixedLine) = override.location
            let path: ParameterPath
            switch ParameterPath.parse(override.path) {
            case .success(let parsed): path = parsed
            case .failure(let problem):
                throw ScenarioError(file: file, line: fixedLine, field: override.path, message: "not a parameter path: \(problem.message)")
            }
            guard let value = try compose(text: override.value, file: file, fixedLine: fixedLine) else {
                throw ScenarioError(file: file, line: fixedLine, field: override.path, message: "missing the value")
            }
            guard case .scalar = value else {
                throw ScenarioError(file: file, line: fixedLine, field: override.path, message: "expected a single value (a number, true/false or a text), found a \(value.mapping != nil ? "mapping" : "list")")
            }
            do {
                try Self.set(&root, path: path, value: value, source: override.source ?? override.origin, origin: override.origin).get()
            } catch {
                throw ScenarioError(file: file, line: fixedLine, field: override.path, message: error.message)
            }
        }
    }

    // MARK: Tree edits

    /// Sets the value at `path`: a scalar, or the `value` of a quantity; records `source`.
    static func set(_ root: inout Node, path: ParameterPath, value: Node, source: String, origin: String) -> Result<Void, PathError> {
        var steps: [PathStep]
        switch root.resolve(path) {
        case .success(let found): steps = found
        case .failure(let problem):
            guard let created = CountyOverrides.create(&root, path: path, mark: value.mark) else { return .failure(problem) }
            switch created {
            case .success(let found): steps = found
            case .failure(let problem): return .failure(problem)
            }
        }
        var target = root.descendant(steps)
        if target.isQuantity, case .mapping(let quantity) = target {
            guard let index = quantity.index(forKey: Node("value")) else {
                let keys = quantity.compactMap { $0.key.scalarText }.filter { !["unit", "source", "uncertainty"].contains($0) }
                return .failure(PathError("'\(path)' is a table; name one of its entries: \(keys.map { "\(path).\($0)" }.joined(separator: ", "))"))
            }
            steps.append(.key(index: quantity.distance(from: quantity.startIndex, to: index), name: "value"))
            target = quantity[index].value
        }
        guard case .scalar = target else {
            return .failure(PathError("'\(path)' is a \(target.mapping != nil ? "mapping" : "list"), not a single value; name a number inside it (`fundsim params --grep` lists them)"))
        }
        root.replace(at: steps[...], with: value)
        // Record the source on the nearest enclosing quantity.
        for depth in stride(from: steps.count - 1, through: 0, by: -1) {
            let owner = root.descendant(steps[..<depth])
            guard owner.isQuantity, case .mapping(var quantity) = owner else { continue }
            let entry = steps[depth..<steps.count].map(\.name).filter { $0 != "by_year" }.joined(separator: ".")
            let old = quantity["source"]?.scalarText ?? ""
            let text = entry == "value" ? source : "\(old); \(entry): \(source)"
            quantity["source"] = Node(text, .implicit, .doubleQuoted)
            root.replace(at: steps[..<depth], with: .mapping(quantity))
            break
        }
        return .success(())
    }

    /// Where a `replace:` entry goes: an existing node, or a new key of an existing mapping.
    struct Placement {
        let parent: [PathStep]
        let existing: PathStep?
        let newKey: String?

        func apply(to root: inout Node, _ value: Node) {
            if let existing {
                root.replace(at: (parent + [existing])[...], with: value)
            } else if let newKey, case .mapping(var mapping) = root.descendant(parent) {
                mapping[newKey] = value
                root.replace(at: parent[...], with: .mapping(mapping))
            }
        }
    }

    static func replaceOrAdd(_ root: inout Node, path: ParameterPath) -> Result<Placement, PathError> {
        let problem: PathError
        switch root.resolve(path) {
        case .success(let steps): return .success(Placement(parent: Array(steps.dropLast()), existing: steps.last, newKey: nil))
        case .failure(let found): problem = found
        }
        // A new key under an existing mapping: the parent must resolve.
        let parentSegments = Array(path.segments.dropLast())
        var parentSteps: [PathStep] = []
        if !parentSegments.isEmpty {
            let parentPath = ParameterPath(segments: parentSegments, text: parentSegments.map(\.text).joined(separator: "."))
            guard case .success(let steps) = root.resolve(parentPath) else { return .failure(problem) }
            parentSteps = steps
        }
        guard case .mapping = root.descendant(parentSteps) else { return .failure(problem) }
        return .success(Placement(parent: parentSteps, existing: nil, newKey: path.segments.last!.text))
    }

    static func remove(_ root: inout Node, path: ParameterPath) -> Result<Void, PathError> {
        let steps: [PathStep]
        switch root.resolve(path) {
        case .success(let found): steps = found
        case .failure(let problem): return .failure(problem)
        }
        let parentSteps = Array(steps.dropLast())
        switch (root.descendant(parentSteps), steps.last!) {
        case (.mapping(var mapping), .key(let index, _)):
            let key = mapping[mapping.index(mapping.startIndex, offsetBy: index)].key
            mapping[key] = nil
            root.replace(at: parentSteps[...], with: .mapping(mapping))
        case (.sequence(var sequence), .item(let index, _)):
            sequence.remove(at: index)
            root.replace(at: parentSteps[...], with: .sequence(sequence))
        default:
            return .failure(PathError("'\(path)' cannot be removed"))
        }
        return .success(())
    }
}
