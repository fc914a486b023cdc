import Reporting

/// The descriptions of the output tables: each table's columns, their types,
/// meanings, units and allowed values. The same descriptions make the CSV
/// headers and the Table Schemas of `datapackage.json`, so they cannot disagree.
///
/// Conventions shared by every table: a region is `region_level`, `region_id`,
/// `region_name` (English), `region_name_zh` (Chinese), `prefecture_id`; a
/// long table (one row per item) has a `unit` column for its value columns; a
/// wide table gives each column's unit in its schema.
public enum OutputTables {
    // MARK: Shared columns

    /// `year`: the calendar year.
    static let year = TableField("year", .integer, "Calendar year simulated.", minimum: 1900, maximum: 2200)

    /// The five region columns.
    static let region: [TableField] = [
        TableField("region_level", .string, "Level of the region: province, prefecture or county.",
                   allowedValues: RegionLevel.allCases.map(\.rawValue)),
        TableField("region_id", .string, "Stable id of the region (a county's is `prefecture.county`)."),
        TableField("region_name", .string, "English name of the region."),
        TableField("region_name_zh", .string, "Chinese name of the region (中文名).", required: false),
        TableField("prefecture_id", .string,
                   "Id of the prefecture the region lies in: its own for a prefecture row, empty for the province.",
                   required: false),
    ]

    /// The region columns' values of one region.
    static func regionValues(_ region: RegionTable.Region) -> [String] {
        [region.level.rawValue, region.id, region.name, region.chineseName, region.prefectureID ?? ""]
    }

    /// `unit`: the unit of the row's value columns.
    static let unit = TableField("unit", .string, "Unit of the row's values (yuan, yuan_per_person, people, claims, households, ratio, share, probability).",
                                 allowedValues: ItemUnit.allCases.map(\.rawValue))

    /// Summary statistics over draws of a value in the row's unit.
    static func statistics(_ names: [String], prefix: String = "", of what: String = "the value") -> [TableField] {
        names.map { name in
            let meaning = switch name {
            case "mean": "Mean over draws of \(what)"
            case "sd": "Standard deviation over draws of \(what)"
            default: "\(name.dropFirst())th percentile over draws of \(what)"
            }
            return TableField(prefix + name, .number, meaning + ", in the row's unit; empty when undefined.", required: false)
        }
    }

    /// A number with a fixed unit (wide tables).
    static func value(_ name: String, _ unit: ItemUnit, _ description: String, minimum: Double? = nil) -> TableField {
        let bounded = unit == .probability || unit == .share || unit == .ratio
        return TableField(name, .number, description, unit: unit.rawValue, required: false,
                          minimum: bounded ? 0 : minimum, maximum: unit == .probability ? 1 : nil)
    }

    // MARK: Tables

    /// `forecast.csv`: one row per (year, region, item).
    public static func forecast(items: [String]) -> TableDescription {
        TableDescription(
            name: "forecast", path: "forecast.csv", title: "Forecast per year, region and item",
            description: "Summaries over Monte Carlo draws of every ledger item (payments of each tier, out-of-pocket, "
                + "costs, subsidies and liabilities by level of government, head counts) and derived indicators.",
            fields: [year] + region + [
                TableField("item", .string, "Ledger item or derived indicator.", allowedValues: items), unit,
            ] + statistics(["mean", "sd", "p05", "p50", "p95", "p99"]) + [
                TableField("p95_se", .number, "Monte Carlo standard error of p95, in the row's unit; empty when undefined.", required: false),
                TableField("p99_se", .number, "Monte Carlo standard error of p99, in the row's unit; empty when undefined.", required: false),
            ],
            primaryKey: ["year", "region_id", "item"])
    }

    /// `county_liability.csv`: one row per (year, county).
    public static let countyLiability = TableDescription(
        name: "county_liability", path: "county_liability.csv", title: "County backstop liability per year",
        description: "Per county and year: the registered poor, the county backstop spending, the provincial 60-yuan "
            + "backstop subsidy, the liability (spending minus subsidy) over draws, and the probability that the subsidy covers it.",
        fields: [year] + region + [
            value("registered_poor", .people, "Registered poor persons (mean over draws).", minimum: 0),
            value("backstop_spending_mean", .yuan, "Mean county backstop spending."),
            value("provincial_backstop_subsidy", .yuan, "Mean provincial backstop subsidy to the county (60 yuan per registered poor person)."),
            value("liability_mean", .yuan, "Mean county liability: backstop spending minus the subsidy."),
            value("liability_p50", .yuan, "Median county liability."),
            value("liability_p90", .yuan, "90th percentile of the county liability."),
            value("liability_p95", .yuan, "95th percentile of the county liability."),
            value("liability_p99", .yuan, "99th percentile of the county liability."),
            value("probability_subsidy_covers", .probability, "Share of draws in which the subsidy covers the backstop spending (liability ≤ 0)."),
            value("liability_p95_se", .yuan, "Monte Carlo standard error of liability_p95."),
            value("liability_p99_se", .yuan, "Monte Carlo standard error of liability_p99."),
        ],
        primaryKey: ["year", "region_id"])

    /// `indicators.csv`: one row per (year, region, indicator).
    public static func indicators(names: [String]) -> TableDescription {
        TableDescription(
            name: "indicators", path: "indicators.csv", title: "Policy indicators per year and region",
            description: "The policy's performance indicators (POLICY.md section 4) per year and region, over draws, with their targets.",
            fields: [year] + region + [
                TableField("indicator", .string, "Indicator.", allowedValues: names),
                TableField("target", .number, "The policy's target for the indicator (a scenario parameter), in the row's unit; empty without one.", required: false),
                TableField("comparator", .string, "How the indicator meets its target: `>=` (at least) or `<=` (at most); empty without a target.",
                           required: false, allowedValues: [">=", "<="]),
                unit,
            ] + statistics(["mean", "sd", "p05", "p50", "p95"], of: "the indicator") + [
                TableField("definition", .string, "What the indicator measures, in words (with the scenario's catastrophic threshold)."),
            ],
            primaryKey: ["year", "region_id", "indicator"])
    }

    /// `population.csv`: one row per (year, region, poverty status, age band).
    public static let population = TableDescription(
        name: "population", path: "population.csv", title: "Projected registered poor by poverty status and age band",
        description: "The simulated registered poor per year, region, poverty status and age band (cohort projection), over draws.",
        fields: [year] + region + [
            TableField("poverty_status", .string, "Still in poverty or exited poverty (脱贫).", allowedValues: ["in_poverty", "exited_poverty"]),
            TableField("age_band", .string, "Age band in years, e.g. 15-44 or 65+."),
            unit,
        ] + statistics(["mean", "sd", "p05", "p50", "p95"], of: "the head count") + [
            TableField("as_of", .string, "The moment the counts refer to: the start of the year, whose poverty status decides the year's premium and family-doctor split.",
                       allowedValues: ["start_of_year"]),
        ],
        primaryKey: ["year", "region_id", "poverty_status", "age_band"])

    /// `comparison.csv` of `fundsim compare`: one row per (year, region, item) both scenarios have.
    public static func comparison(items: [String]) -> TableDescription {
        TableDescription(
            name: "comparison", path: "comparison.csv", title: "Scenario B minus scenario A per year, region and item",
            description: "Both scenarios run with common random numbers; A's and B's means and the per-draw difference B − A.",
            fields: [year] + region + [
                TableField("item", .string, "Ledger item or derived indicator.", allowedValues: items), unit,
                TableField("a_mean", .number, "Mean over draws under scenario A, in the row's unit.", required: false),
                TableField("b_mean", .number, "Mean over draws under scenario B, in the row's unit.", required: false),
            ] + statistics(["mean", "sd", "p05", "p50", "p95"], prefix: "difference_", of: "the difference B − A"),
            primaryKey: ["year", "region_id", "item"])
    }

    /// `draws.csv` (with `--keep-draws`): one row per (draw, year, region, item).
    public static func draws(items: [String]) -> TableDescription {
        TableDescription(
            name: "draws", path: "draws.csv", title: "Every draw's value of every item",
            description: "The value of every item in every region, year and Monte Carlo draw (long format).",
            fields: [
                TableField("draw", .integer, "Monte Carlo draw, from 0.", minimum: 0), year,
                TableField("region_level", .string, "Level of the region: province, prefecture or county.",
                           allowedValues: RegionLevel.allCases.map(\.rawValue)),
                TableField("region_id", .string, "Stable id of the region (names in forecast.csv)."),
                TableField("item", .string, "Ledger item or derived indicator.", allowedValues: items), unit,
                TableField("value", .number, "The draw's value, in the row's unit; empty when undefined.", required: false),
            ],
            primaryKey: ["draw", "year", "region_id", "item"])
    }

    /// `parameter_draws.csv` (with `--keep-draws`): one row per draw, one column per uncertain parameter.
    public static func parameterDraws(names: [String]) -> TableDescription {
        TableDescription(
            name: "parameter_draws", path: "parameter_draws.csv", title: "The drawn value of every uncertain parameter",
            description: "Per Monte Carlo draw, the value drawn for each model parameter that carries `uncertainty` "
                + "(columns named by the parameter, in its unit as in the scenario file).",
            fields: [TableField("draw", .integer, "Monte Carlo draw, from 0.", minimum: 0)]
                + names.map { TableField($0, .number, "The value drawn for the parameter \($0).") },
            primaryKey: ["draw"])
    }

    /// `capitation.csv`: one row per (year, capitation pilot).
    public static func capitation(risks: [(tag: String, percent: String)]) -> TableDescription {
        var fields = [year,
                      TableField("pilot_id", .string, "Id of the capitation pilot (按人头打包付费)."),
                      TableField("pilot_name", .string, "Name of the pilot."),
                      TableField("region_level", .string, "Level of the pilot's region: always county.", allowedValues: [RegionLevel.county.rawValue]),
                      TableField("region_id", .string, "Id of the county that hosts the pilot."),
                      TableField("draws", .integer, "Monte Carlo draws summarised.", minimum: 0),
                      value("covered_people_mean", .people, "Mean number of people covered by the pilot.", minimum: 0),
                      value("pooled_rate", .yuanPerPerson, "The pilot's per-capita rate for the year."),
                      value("pooled_budget_mean", .yuan, "Mean pooled budget (rate × covered people)."),
                      value("expenditure_mean", .yuan, "Mean expenditure on covered people."),
                      value("expenditure_per_covered_mean", .yuanPerPerson, "Mean expenditure per covered person."),
                      value("surplus_mean", .yuan, "Mean hospital surplus after the risk corridor (negative: deficit)."),
                      value("surplus_sd", .yuan, "Standard deviation of the surplus over draws."),
                      value("surplus_p05", .yuan, "5th percentile of the surplus."),
                      value("surplus_p50", .yuan, "Median surplus."),
                      value("surplus_p95", .yuan, "95th percentile of the surplus."),
                      value("probability_deficit", .probability, "Share of draws with a deficit."),
                      value("county_corridor_payment_mean", .yuan, "Mean payment of the county under the risk corridor.")]
        for risk in risks {
            fields += [
                value("break_even_rate_\(risk.tag)", .yuanPerPerson, "Per-capita rate at which the probability of deficit is \(risk.percent)%."),
                value("break_even_rate_\(risk.tag)_se", .yuanPerPerson, "Monte Carlo standard error of that break-even rate."),
                TableField("break_even_rate_\(risk.tag)_tail_draws", .integer, "Draws in the tail beyond that break-even rate.", minimum: 0),
            ]
        }
        fields.append(TableField("income_line_violations", .integer, "Covered person-years whose out-of-pocket exceeded the income line (the engine guarantees 0).",
                                 unit: ItemUnit.people.rawValue, minimum: 0))
        return TableDescription(
            name: "capitation", path: "capitation.csv", title: "Capitation pilots per year",
            description: "Per per-capita packaged-payment pilot and year: covered people, pooled budget, expenditure, "
                + "the hospital's surplus over draws, probability of deficit and break-even rates (Scenarios/FORMAT.md, capitation).",
            fields: fields, primaryKey: ["year", "pilot_id"])
    }
}
