import ArgumentParser
import ClaimsFile
import PolicyCatalog
import Reporting

/// `fundsim diseases`: prints the disease catalog (POLICY.md section 2), the
/// codes that claims and scenario files use.
struct DiseasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diseases",
        abstract: "Print the disease catalog: codes, names and list membership."
    )

    /// The output format.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// Aligned columns for reading.
        case table
        /// CSV with a header row, for tools.
        case csv
    }

    /// The output format.
    @Option(name: .long, help: "Output format.")
    var format: Format = .table

    /// The columns, in order.
    static let header = ["code", "number_in_28", "chinese_name", "english_name", "lists", "ninety_percent"]

    /// One row per disease, in catalog order.
    static func rows(_ catalog: DiseaseCatalog = .standard) -> [[String]] {
        catalog.diseases.map { disease in
            [disease.code, disease.outpatientNumber.map(String.init) ?? "", disease.chineseName, disease.englishName,
             disease.lists.names.joined(separator: ";"), disease.isNinetyPercent ? "true" : "false"]
        }
    }

    func run() {
        let rows = Self.rows()
        switch format {
        case .csv:
            var writer = CSVWriter()
            writer.append(Self.header)
            for row in rows { writer.append(row) }
            Diagnostics.output(writer.text)
        case .table:
            Diagnostics.output(TextTable(header: ["code", "no.", "中文名", "English name", "lists", "90%"],
                                         rows: rows.map { row in row.enumerated().map { $0.offset == 5 ? ($0.element == "true" ? "90%" : "") : $0.element } }).render())
        }
    }
}
