import ArgumentParser
import Reporting
import Scenario

/// `fundsim params`: every number of a scenario with the path that `--set`,
/// overlays and sweeps address it by, its value, unit and source — how a user
/// finds the path they need.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "List every parameter path of a scenario with its value, unit and source.",
        discussion: """
        Paths are YAML keys joined by dots, a list item named by its id (e.g. \
        tiers.basic_insurance.rules.inpatient_compliant.coinsurance.ratio.county); give them to --set PATH=VALUE, \
        to an overlay's set: block or to a sweep. See Scenarios/FORMAT.md, "Parameter paths".
        """
    )

    /// The output format.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// Aligned columns for reading.
        case table
        /// CSV with a header row, for tools.
        case csv
    }

    @Argument(help: ArgumentHelp("A built-in scenario name or a path to a scenario .yaml file.", valueName: "scenario"))
    var scenario: String = ScenarioLoader.defaultName

    @Option(help: "Only paths containing this text (case-insensitive).")
    var grep: String?

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(name: .customLong("set"), help: ArgumentHelp("Apply PATH=VALUE first (repeatable), to check an override.", valueName: "path=value"))
    var set: [String] = []

    /// The columns.
    static let header = ["path", "value", "unit", "source"]

    func run() throws {
        var overrides: [ParameterOverride] = []
        for assignment in set {
            do { overrides.append(try ParameterOverride.parse(assignment)) } catch { throw Diagnostics.fail(error.description, .usage) }
        }
        let loaded = try ScenarioArgument.load(scenario, overrides: overrides)
        var entries = loaded.parameterEntries()
        if let grep { entries = entries.filter { $0.path.localizedCaseInsensitiveContains(grep) } }
        let rows = entries.map { [$0.path, $0.value, $0.unit, $0.source] }
        switch format {
        case .csv:
            var writer = CSVWriter(header: Self.header)
            for row in rows { writer.append(row) }
            Diagnostics.output(writer.text)
        case .table:
            Diagnostics.output(TextTable(header: Self.header, rows: rows).render())
        }
    }
}
