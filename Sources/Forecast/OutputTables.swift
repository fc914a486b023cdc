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

    // MARK: Sweep tables

    /// The columns of a sweep's swept paths (``SweepCollector/paths``): one per path, named by it;
    /// `number` when every point's value of the path is a finite number, else `string`.
    static func pathFields(_ paths: [String], numeric: [Bool]) -> [TableField] {
        zip(paths, numeric).map { path, isNumber in
            TableField(path, isNumber ? .number : .string,
                       "The point's value of the scenario parameter \(path), in its unit as in the scenario file (`fundsim params`).")
        }
    }

    /// The sweep's `point` column.
    static let point = TableField("point", .integer, "Sweep point, from 0 in design order (its values: points.csv).", minimum: 0)

    /// `points.csv` of `fundsim sweep`: one row per point, one column per swept path.
    public static func sweepPoints(paths: [String], numeric: [Bool]) -> TableDescription {
        TableDescription(
            name: "points", path: "points.csv", title: "The points of the sweep",
            description: "Per point of the sweep's design, the value it gives each swept scenario parameter (as applied).",
            fields: [point] + pathFields(paths, numeric: numeric), primaryKey: ["point"])
    }

    /// `sweep.csv` of `fundsim sweep`: per point, the columns of `forecast.csv` for the reported items and region levels.
    public static func sweep(paths: [String], numeric: [Bool], items: [String]) -> TableDescription {
        let forecast = forecast(items: items)
        return TableDescription(
            name: "sweep", path: "sweep.csv", title: "Forecast per sweep point, year, region and item",
            description: "For every point of the sweep (common random numbers), the rows of forecast.csv for the reported items and region levels, "
                + "after the point's id and its value of each swept parameter.",
            fields: [point] + pathFields(paths, numeric: numeric) + forecast.fields,
            primaryKey: ["point", "year", "region_id", "item"])
    }

    /// `sensitivity.csv` of a one-at-a-time sweep (a tornado table): per (year, region, item) and swept parameter.
    /// `numericValues`: whether every swept value is a number (the `low_value`, `high_value` columns' type).
    public static func sensitivityOneAtATime(items: [String], numericValues: Bool) -> TableDescription {
        let valueType: TableField.FieldType = numericValues ? .number : .string
        return TableDescription(
            name: "sensitivity", path: "sensitivity.csv", title: "One-at-a-time sensitivity (tornado) per year, region and item",
            description: "Per (year, region, item), each swept parameter moved alone from its low to its high value (the others at base): "
                + "the means at both ends and the mean per-draw change with its Monte Carlo standard error (both ends use the same random numbers).",
            fields: [year] + region + [
                TableField("item", .string, "Ledger item or derived indicator.", allowedValues: items), unit,
                TableField("rank", .integer, "Rank of the parameter by |change_mean| within the (year, region, item), 1 = largest.", minimum: 1),
                TableField("parameter", .string, "The swept scenario parameter (its path)."),
                TableField("low_value", valueType, "The parameter's low value, in its unit as in the scenario file."),
                TableField("high_value", valueType, "The parameter's high value, in its unit as in the scenario file."),
                TableField("low_mean", .number, "Mean over draws of the item at the low value, in the row's unit; empty when undefined.", required: false),
                TableField("high_mean", .number, "Mean over draws of the item at the high value, in the row's unit; empty when undefined.", required: false),
                TableField("change_mean", .number, "Mean over draws of the per-draw change high − low, in the row's unit; empty when undefined.", required: false),
                TableField("change_se", .number, "Monte Carlo standard error of change_mean (sd of the per-draw changes / √draws), in the row's unit; empty with one draw.",
                           required: false),
            ],
            primaryKey: ["year", "region_id", "item", "parameter"])
    }

    /// `sensitivity.csv` of a Latin-hypercube sweep: partial rank correlation coefficients per (year, region, item) and swept parameter.
    public static func sensitivityRankCorrelation(items: [String]) -> TableDescription {
        TableDescription(
            name: "sensitivity", path: "sensitivity.csv", title: "Partial rank correlation (PRCC) per year, region and item",
            description: "Per (year, region, item), the partial rank correlation coefficient of the points' means with each swept parameter's values, "
                + "ranked by its absolute value.",
            fields: [year] + region + [
                TableField("item", .string, "Ledger item or derived indicator.", allowedValues: items),
                TableField("rank", .integer, "Rank of the parameter by |prcc| within the (year, region, item), 1 = largest.", minimum: 1),
                TableField("parameter", .string, "The swept scenario parameter (its path)."),
                TableField("prcc", .number, "Partial rank correlation coefficient (unitless, −1 to 1); empty when undefined (e.g. the item does not vary).",
                           required: false, minimum: -1, maximum: 1),
                TableField("points", .integer, "Points that entered the coefficient.", minimum: 0),
            ],
            primaryKey: ["year", "region_id", "item", "parameter"])
    }

    /// `draws.csv` of `fundsim sweep --keep-draws`: one row per (point, draw, year, region); one column per
    /// reported item (with its unit), then one per uncertain model parameter.
    public static func sweepDraws(items: [(name: String, unit: ItemUnit)], parameters: [String]) -> TableDescription {
        TableDescription(
            name: "draws", path: "draws.csv", title: "Every draw's value of every reported item, per sweep point",
            description: "Per sweep point, Monte Carlo draw, year and region (names in sweep.csv): the value of each reported item, then the value "
                + "drawn for each model parameter that carries `uncertainty` (empty for a point whose model lacks it).",
            fields: [point, TableField("draw", .integer, "Monte Carlo draw, from 0.", minimum: 0), year,
                     TableField("region_id", .string, "Stable id of the region (names in sweep.csv).")]
                + items.map { TableField($0.name, .number, "The draw's value of the item \($0.name); empty when undefined or not reported for the point.",
                                         unit: $0.unit.rawValue, required: false) }
                + parameters.map { TableField($0, .number, "The value drawn for the parameter \($0), in its unit as in the scenario file; empty when the point's model lacks it.",
                                              required: false) },
            primaryKey: ["point", "draw", "year", "region_id"])
    }
}
