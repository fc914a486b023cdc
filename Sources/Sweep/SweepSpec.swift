import Foundation
import Reporting
import Forecast
import Scenario
import Yams

/// The design of a sweep: how its points are made from the swept parameters.
public enum SweepDesignKind: String, CaseIterable, Sendable {
    /// Every combination of the parameters' `values` (the first parameter varies slowest).
    case grid
    /// The base scenario, then each parameter alone at the low and at the high end of its `range`.
    case oneAtATime = "one_at_a_time"
    /// `samples` points of a Latin hypercube over the parameters' `range`s.
    case latinHypercube = "latin_hypercube"
    /// The rows of a CSV file whose columns are paths (designs made elsewhere, e.g. SALib).
    case points
}

/// One swept parameter of a spec: its path, and its values or range, with the
/// lines they were written on (errors and override origins point there).
public struct SweptParameter: Sendable {
    /// The parameter path (see `fundsim params`).
    public var path: String
    /// The line of the list item in the spec.
    public var line: Int
    /// `values:` as written (grid), with the line of each.
    public var values: [(text: String, line: Int)]
    /// `range: {low, high}` as written (one at a time, Latin hypercube).
    public var range: (low: String, high: String)?
    /// Decimals of generated (Latin hypercube) values.
    public var decimals: Int
}

/// A sweep specification (`fundsim sweep SPEC.yaml`), parsed and checked:
///
/// ```yaml
/// sweep:
///   scenario: yunnan-2017          # built-in name, or a path relative to this file
///   design: grid                   # grid | one_at_a_time | latin_hypercube | points
///   samples: 20                    # latin_hypercube only
///   seed: 7                        # latin_hypercube only; default: the run's --seed
///   points: design.csv             # points only; columns are paths
///   parameters:
///     - path: tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county
///       values: [0.80, 0.85, 0.90] # grid
///     - path: fiscal.provincial_subsidies.backstop
///       range: {low: 40, high: 80} # one_at_a_time, latin_hypercube
///       decimals: 2                # latin_hypercube: decimals of the sampled values (default: the range's + 2, at most 6)
///   outputs:                       # optional; everything when absent
///     items: [backstop, out_of_pocket]
///     region_levels: [province, prefecture]
/// ```
///
/// Every problem is a ``ScenarioError`` naming the spec file, line and field.
public struct SweepSpec: Sendable {
    /// The spec file as named.
    public var file: String
    /// The exact text of the spec.
    public var text: String
    /// The base scenario as written (a built-in name or a path).
    public var scenario: String
    /// The base scenario as it is loaded: a built-in name, or the path relative to the working folder.
    public var scenarioLocation: String
    /// The design.
    public var design: SweepDesignKind
    /// The swept parameters (for `points`, one per CSV column, with the values in ``pointRows``).
    public var parameters: [SweptParameter]
    /// Latin hypercube sample count.
    public var samples: Int?
    /// Latin hypercube design seed, if the spec fixes one.
    public var designSeed: UInt64?
    /// `points` design: the CSV file (relative to the working folder) and its rows (values per column, with the line).
    public var pointsFile: String?
    /// `points` design: each row's values (one per parameter) and its line in the CSV file.
    public var pointRows: [(values: [String], line: Int)]
    /// The items to report, with their lines (checked against the scenario's items later), or `nil`.
    public var items: [(name: String, line: Int)]?
    /// The region levels to report, or `nil`.
    public var regionLevels: Set<String>?

    /// What to report.
    public var outputs: SweepOutputs { SweepOutputs(items: items.map { Set($0.map(\.name)) }, regionLevels: regionLevels) }

    /// Reads and checks a spec file.
    public static func load(path: String) throws(ScenarioError) -> SweepSpec {
        let data: Data
        do { data = try InputFile.read(path, what: "sweep spec .yaml file", maximumBytes: DocumentLimits.maximumBytes) } catch {
            throw ScenarioError(file: path, line: 0, field: "", message: error.message)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 0, field: "", message: "not valid UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses spec text; `file` names it in errors, and relative paths in it are taken from its folder.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> SweepSpec {
        var reader = SpecReader(file: file)
        return try reader.spec(text)
    }
}

/// The checks of a spec, one field at a time, with file and line in every error.
struct SpecReader {
    let file: String

    func fail(_ node: Node?, _ field: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line ?? 0, field: field, message: message)
    }

    func mapping(_ node: Node, _ field: String, allowed: [String]) throws(ScenarioError) -> [(key: String, value: Node)] {
        guard case .mapping(let m) = node else { throw fail(node, field, "expected a mapping with \(allowed.joined(separator: ", "))") }
        var entries: [(key: String, value: Node)] = []
        for (k, v) in m {
            guard case .scalar(let key) = k else { throw fail(k, field, "expected a plain key") }
            guard allowed.contains(key.string) else {
                throw fail(k, field.isEmpty ? key.string : "\(field).\(key.string)", "unknown key '\(key.string)'; expected one of \(allowed.joined(separator: ", "))")
            }
            entries.append((key.string, v))
        }
        return entries
    }

    func scalar(_ node: Node, _ field: String, _ what: String) throws(ScenarioError) -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw fail(node, field, "expected \(what)") }
        return s.string
    }

    func list(_ node: Node, _ field: String, _ what: String) throws(ScenarioError) -> [Node] {
        guard case .sequence(let s) = node, !s.isEmpty else { throw fail(node, field, "expected a non-empty list of \(what)") }
        return Array(s)
    }

    /// A relative path from the spec taken from the spec's folder.
    func relative(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    static func decimals(_ text: String) -> Int {
        let mantissa = text.lowercased().split(separator: "e", maxSplits: 1).first.map(String.init) ?? text
        guard let dot = mantissa.firstIndex(of: ".") else { return 0 }
        return mantissa.distance(from: dot, to: mantissa.endIndex) - 1
    }

    mutating func spec(_ text: String) throws(ScenarioError) -> SweepSpec {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            if let yaml = error as? YamlError, case .scanner(_, let problem, let mark, _) = yaml {
                throw ScenarioError(file: file, line: mark.line, field: "", message: "YAML syntax error: \(problem)")
            }
            if let yaml = error as? YamlError, case .parser(_, let problem, let mark, _) = yaml {
                throw ScenarioError(file: file, line: mark.line, field: "", message: "YAML syntax error: \(problem)")
            }
            throw ScenarioError(file: file, line: 0, field: "", message: "YAML error: \(error)")
        }
        guard let root else { throw ScenarioError(file: file, line: 0, field: "", message: "empty file; expected a `sweep:` mapping") }
        let top = try mapping(root, "", allowed: ["sweep"])
        guard let body = top.first?.value else { throw fail(root, "sweep", "expected a `sweep:` mapping") }
        let fields = try mapping(body, "sweep", allowed: ["scenario", "design", "parameters", "samples", "seed", "points", "outputs"])
        func field(_ key: String) -> Node? { fields.first { $0.key == key }?.value }

        guard let scenarioNode = field("scenario") else { throw fail(body, "sweep.scenario", "missing: the base scenario (a built-in name or a path)") }
        let scenario = try scalar(scenarioNode, "sweep.scenario", "a built-in scenario name or a path")
        let isPath = scenario.contains("/") || scenario.hasSuffix(".yaml") || scenario.hasSuffix(".yml")
        let location = isPath ? relative(scenario) : scenario

        guard let designNode = field("design") else {
            throw fail(body, "sweep.design", "missing: one of \(SweepDesignKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let designText = try scalar(designNode, "sweep.design", "a design name")
        guard let design = SweepDesignKind(rawValue: designText) else {
            throw fail(designNode, "sweep.design", "unknown design '\(designText)'; expected one of \(SweepDesignKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var samples: Int?
        if let node = field("samples") {
            guard design == .latinHypercube else { throw fail(node, "sweep.samples", "only a latin_hypercube design takes samples") }
            guard let n = Int(try scalar(node, "sweep.samples", "a whole number")), n >= 2, n <= 100_000 else {
                throw fail(node, "sweep.samples", "expected a whole number of points from 2 to 100000")
            }
            samples = n
        } else if design == .latinHypercube {
            throw fail(designNode, "sweep.samples", "missing: a latin_hypercube design needs `samples:` (the number of points)")
        }
        var seed: UInt64?
        if let node = field("seed") {
            guard design == .latinHypercube else { throw fail(node, "sweep.seed", "only a latin_hypercube design takes a seed") }
            guard let s = UInt64(try scalar(node, "sweep.seed", "a non-negative whole number")) else {
                throw fail(node, "sweep.seed", "expected a non-negative whole number")
            }
            seed = s
        }

        var parameters: [SweptParameter] = []
        var pointsFile: String?
        var pointRows: [(values: [String], line: Int)] = []
        if design == .points {
            guard let node = field("points") else { throw fail(designNode, "sweep.points", "missing: a points design needs `points: FILE.csv`") }
            if let extra = field("parameters") {
                throw fail(extra, "sweep.parameters", "a points design takes its parameters from the CSV's columns; remove `parameters:`")
            }
            let csv = relative(try scalar(node, "sweep.points", "a CSV file path"))
            pointsFile = csv
            (parameters, pointRows) = try PointsFile.read(csv)
        } else {
            if let node = field("points") { throw fail(node, "sweep.points", "only a points design reads a CSV of points") }
            guard let node = field("parameters") else { throw fail(body, "sweep.parameters", "missing: the list of swept parameters") }
            var seen: [String: Int] = [:]
            for (i, item) in try list(node, "sweep.parameters", "parameters ({path, values} or {path, range})").enumerated() {
                let name = "sweep.parameters[\(i)]"
                let entries = try mapping(item, name, allowed: ["path", "values", "range", "decimals"])
                func entry(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
                guard let pathNode = entry("path") else { throw fail(item, "\(name).path", "missing: the parameter path") }
                let path = try scalar(pathNode, "\(name).path", "a parameter path")
                if let first = seen[path] { throw fail(pathNode, "\(name).path", "'\(path)' is swept twice (first at line \(first))") }
                seen[path] = pathNode.mark?.line ?? 0
                var parameter = SweptParameter(path: path, line: pathNode.mark?.line ?? 0, values: [], range: nil, decimals: 6)
                switch design {
                case .grid:
                    if let r = entry("range") { throw fail(r, "\(name).range", "a grid takes `values: [...]`, not a range") }
                    if let d = entry("decimals") { throw fail(d, "\(name).decimals", "only a latin_hypercube design rounds sampled values") }
                    guard let valuesNode = entry("values") else { throw fail(item, "\(name).values", "missing: a grid needs `values: [...]`") }
                    for (k, v) in try list(valuesNode, "\(name).values", "values").enumerated() {
                        parameter.values.append((try scalar(v, "\(name).values[\(k)]", "a single value"), v.mark?.line ?? 0))
                    }
                case .oneAtATime, .latinHypercube:
                    if let v = entry("values") { throw fail(v, "\(name).values", "a \(design.rawValue) design takes `range: {low, high}`, not values") }
                    guard let rangeNode = entry("range") else { throw fail(item, "\(name).range", "missing: `range: {low, high}`") }
                    let bounds = try mapping(rangeNode, "\(name).range", allowed: ["low", "high"])
                    guard let lowNode = bounds.first(where: { $0.key == "low" })?.value,
                          let highNode = bounds.first(where: { $0.key == "high" })?.value else {
                        throw fail(rangeNode, "\(name).range", "expected both low and high")
                    }
                    let low = try scalar(lowNode, "\(name).range.low", "a number"), high = try scalar(highNode, "\(name).range.high", "a number")
                    guard let l = Double(low), let h = Double(high), l.isFinite, h.isFinite else {
                        throw fail(rangeNode, "\(name).range", "expected numbers, found low '\(low)', high '\(high)'")
                    }
                    guard l < h else { throw fail(rangeNode, "\(name).range", "expected low < high, found \(low) and \(high)") }
                    parameter.range = (low, high)
                    parameter.decimals = min(6, max(Self.decimals(low), Self.decimals(high)) + 2)
                    if let d = entry("decimals") {
                        guard design == .latinHypercube else { throw fail(d, "\(name).decimals", "only a latin_hypercube design rounds sampled values") }
                        guard let n = Int(try scalar(d, "\(name).decimals", "a whole number")), (0...12).contains(n) else {
                            throw fail(d, "\(name).decimals", "expected a whole number from 0 to 12")
                        }
                        parameter.decimals = n
                    }
                case .points:
                    break
                }
                parameters.append(parameter)
            }
        }

        var items: [(name: String, line: Int)]?
        var levels: Set<String>?
        if let node = field("outputs") {
            let outputs = try mapping(node, "sweep.outputs", allowed: ["items", "region_levels"])
            for (key, value) in outputs {
                let names = try list(value, "sweep.outputs.\(key)", key == "items" ? "item names" : "region levels").enumerated().map {
                    (i, n) throws(ScenarioError) -> (String, Int) in
                    (try scalar(n, "sweep.outputs.\(key)[\(i)]", "a name"), n.mark?.line ?? 0)
                }
                if key == "items" {
                    items = names.map { (name: $0.0, line: $0.1) }
                } else {
                    let known = ["province", "prefecture", "county"]
                    for (level, line) in names where !known.contains(level) {
                        throw ScenarioError(file: file, line: line, field: "sweep.outputs.region_levels",
                                            message: "unknown region level '\(level)'; expected province, prefecture or county")
                    }
                    levels = Set(names.map(\.0))
                }
            }
        }
        return SweepSpec(file: file, text: text, scenario: scenario, scenarioLocation: location, design: design, parameters: parameters,
                         samples: samples, designSeed: seed, pointsFile: pointsFile, pointRows: pointRows, items: items, regionLevels: levels)
    }
}
