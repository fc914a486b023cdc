import Foundation
import Yams

/// Loads and validates scenario files.
///
/// A scenario file is YAML (full description in `Scenarios/FORMAT.md`):
///
/// ```yaml
/// scenario: {id: yunnan-2017, title: "…", years: {first: 2017, last: 2020}}
/// notes: |
///   free text
/// disease_lists:            # scenario-defined lists of catalog codes
///   xinbin_chronic_4: {codes: [hypertension, diabetes], source: "assumed: …"}
/// tiers:                    # in settlement order
///   - id: basic_insurance
///     name: "Basic medical insurance (基本医保)"
///     payer: insurance_fund
///     annual_caps: {basic: {value: 150000, unit: yuan, source: assumed}}
///     annual_deductibles: {}
///     rules:                # the first rule whose `when` matches applies
///       - id: inpatient
///         when: {settings: [inpatient, major_disease], referral_compliant: true}
///         coinsurance:      # or top_up: {base, target, cap}
///           base: policy_range
///           ratio: {township: 0.95, county: 0.85, prefecture: 0.70, provincial: 0.70, unit: ratio, source: "seed 000 measure 2"}
///           deductible: {township: 0, county: 300, prefecture: 600, provincial: 1000, unit: yuan, source: assumed}
///           cap: basic
///     out_of_pocket_limit:  # optional income-line guarantee after the rule
///       when: {referral_compliant: true}
///       line: {by_year: {2017: 9020}, unit: yuan, source: "…"}
/// fiscal:
///   provincial_subsidies: {backstop: {value: 60, unit: yuan_per_person_year, source: "…"}}
///   individual_premium: {by_year: {2017: 180}, unit: yuan_per_person_year, source: "…"}
///   family_doctor: {fee: …, public_health: …, insurance_fund: …, individual: …}   # optional
///   province_share: {in_poverty: 0.6, exited_poverty: 0.4, unit: ratio, source: "…"}
///   prefecture_share_of_rest: {value: 1, unit: ratio, source: "…"}
///   per_person_payments: [{id, name, payer, amount, poverty_status}]            # optional
/// ```
///
/// Every number is a mapping with its `unit` (`yuan`, `ratio`,
/// `yuan_per_person_year`) and its `source`; the shapes are `{value: …}`, a
/// per-level table `{township, county, prefecture, provincial}`, `{by_year: {YEAR: …}}`
/// and, for shares by poverty status, `{in_poverty, exited_poverty}`. A missing
/// unit or source, a unit that does not fit the field, a ratio outside [0, 1],
/// a non-numeric value, an unknown key anywhere, an unknown formula kind or an
/// unknown disease code is an error naming the file, line and field. After
/// reading, the plan is compiled for every year of the horizon, so references
/// (caps, deductibles, disease lists, the income line's years) are checked too.
///
/// Parsing uses Yams' node API (`Yams.compose(yaml:)`), not `Codable`, to keep
/// every node's line for error messages. Before composing, every document is
/// checked against ``DocumentLimits`` (size, depth, no anchors or aliases).
///
/// A file with `extends:` is an overlay of another scenario, and
/// ``ParameterOverride``s (`--set PATH=VALUE`, sweep points) change numbers by
/// their path; both are applied to the YAML tree before it is read, so every
/// check above applies to them, and errors name the overlay's file and line or
/// the override's origin. ``Scenario/resolvedText`` is the result, what a run
/// hashes and keeps as `scenario.yaml` (see `Scenarios/FORMAT.md`).
public enum ScenarioLoader {
    /// The default scenario, run when the user names none.
    public static let defaultName = "yunnan-2017"

    /// The names of the embedded scenarios, default first.
    public static var builtInNames: [String] { BuiltInScenarios.all.map(\.name) }

    /// The exact text of an embedded scenario (byte-identical to `Scenarios/NAME.yaml`), or `nil`.
    public static func builtInText(_ name: String) -> String? {
        BuiltInScenarios.all.first { $0.name == name }?.text
    }

    /// Loads a built-in scenario by bare name (`yunnan-2017`), or a file when
    /// the argument contains `/` or ends in `.yaml`/`.yml`.
    public static func load(nameOrPath: String) throws(ScenarioError) -> Scenario {
        try load(nameOrPath: nameOrPath, overrides: [])
    }

    /// Loads a scenario from YAML text; `sourceName` names it in errors and in ``Scenario/sourceName``.
    public static func load(yaml: String, sourceName: String) throws(ScenarioError) -> Scenario {
        try load(yaml: yaml, sourceName: sourceName, overrides: [])
    }

    /// Loads a built-in scenario or a file, resolving its `extends` chain, then
    /// applies `overrides` in order to the document **before** parsing it, so
    /// that every check applies to the new values. Errors about an override
    /// name its origin (`--set PATH=VALUE`, or `FILE:LINE`).
    public static func load(nameOrPath: String, overrides: [ParameterOverride]) throws(ScenarioError) -> Scenario {
        var resolver = ScenarioResolver()
        try resolver.resolve(nameOrPath: nameOrPath, overrides: overrides)
        return try read(resolver, sourceName: resolver.files.first?.name ?? nameOrPath, overrides: overrides)
    }

    /// Loads a scenario from YAML text (relative `extends` paths are taken from
    /// `sourceName`'s folder), applying `overrides` before parsing.
    public static func load(yaml: String, sourceName: String, overrides: [ParameterOverride]) throws(ScenarioError) -> Scenario {
        var resolver = ScenarioResolver()
        try resolver.resolve(yaml: yaml, sourceName: sourceName, overrides: overrides)
        return try read(resolver, sourceName: sourceName, overrides: overrides)
    }

    private static func read(_ resolver: ScenarioResolver, sourceName: String, overrides: [ParameterOverride]) throws(ScenarioError) -> Scenario {
        let text = try resolver.resolvedText()
        var scenario = try Reader(sourceName: sourceName, sourceMap: resolver.sourceMap).document(resolver.root, text: text)
        scenario.files = resolver.files
        scenario.overrides = overrides
        return scenario
    }

    /// A Yams error as a scenario error with Yams' line.
    static func syntaxError(_ error: any Error, file: String) -> ScenarioError {
        guard let yaml = error as? YamlError else {
            return ScenarioError(file: file, line: 0, field: "", message: "YAML error: \(error)")
        }
        func describe(_ problem: String, _ context: YamlError.Context?) -> String {
            "YAML syntax error: \(problem)" + (context.map { " (\($0.text) at line \($0.mark.line))" } ?? "")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, field: "", message: describe(problem, context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioError(file: file, line: context.mark.line, field: "",
                                 message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        default:
            return ScenarioError(file: file, line: 0, field: "", message: "YAML error: \(yaml)")
        }
    }
}
