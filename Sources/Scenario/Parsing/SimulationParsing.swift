import PolicyCatalog
import Settlement
import Simulation

/// The parsed `simulation:` section: the model and what the run needs beside it.
struct ParsedSimulation {
    let model: SimulationModel
    let provinceID: String
    let provinceName: String
    let catastrophicShare: Double
}

extension Reader {
    /// The keys of a per-sex quantity, in ``Sex`` order (`female`, `male`): a cell's sex is its index here.
    static let sexKeys = Sex.allCases.map(\.fileName)

    /// Parses `simulation:` into a ``SimulationModel``. Every number is a
    /// quantity with unit and source, optionally with `uncertainty`.
    func simulation(_ at: Located, years: ClosedRange<Int>) throws(ScenarioError) -> ParsedSimulation {
        var table = ParameterTable()
        let f = try fields(at, allowed: ["province", "cost_base_year", "cost_growth", "catastrophic_share", "population",
                                         "general_outpatient", "inpatient", "conditions", "cohort", "indicator_targets", "county_overrides"],
                           required: ["province", "cost_base_year", "cost_growth", "catastrophic_share", "population",
                                      "general_outpatient", "inpatient"])
        let pf = try fields(f["province"]!, allowed: ["id", "name"], required: ["id", "name"])
        let provinceID = try identifier(pf["id"]!)
        let provinceName = try string(pf["name"]!)
        let baseYear = try integer(f["cost_base_year"]!)
        let growth = try scalarParameter(f["cost_growth"]!, unit: .perYear, table: &table)
        let catastrophic = try plainScalar(f["catastrophic_share"]!, unit: .share)
        let targets = try f["indicator_targets"].map { (t: Located) throws(ScenarioError) -> [IndicatorTarget] in
            try self.indicatorTargets(t)
        } ?? []
        let population = try population(f["population"]!, years: years, table: &table)

        let go = try fields(f["general_outpatient"]!, allowed: ["visits_per_year", "cost_per_visit", "cost_cv",
                                                                 "consultation_fee_per_visit", "policy_range_share"],
                            required: ["visits_per_year", "cost_per_visit", "cost_cv", "consultation_fee_per_visit", "policy_range_share"])
        let outpatient = GeneralOutpatientModel(
            visitsPerYear: try tableParameters(go["visits_per_year"]!, unit: .perPersonYear, shape: .ageGroups, table: &table),
            costPerVisit: try scalarParameter(go["cost_per_visit"]!, unit: .yuan, table: &table),
            costCV: try scalarParameter(go["cost_cv"]!, unit: .cv, table: &table),
            consultationFeePerVisit: try scalarParameter(go["consultation_fee_per_visit"]!, unit: .yuan, table: &table),
            policyRangeShare: try scalarParameter(go["policy_range_share"]!, unit: .share, table: &table))

        let ipKeys = ["admissions_per_year", "level_weights", "cost_mean", "cost_cv", "policy_range_share",
                      "in_county_probability", "compliant_in_county", "compliant_out_of_county"]
        let ip = try fields(f["inpatient"]!, allowed: ipKeys, required: ipKeys)
        let inpatient = InpatientModel(
            admissionsPerYear: try tableParameters(ip["admissions_per_year"]!, unit: .perPersonYear, shape: .ageGroups, table: &table),
            levelWeights: try tableParameters(ip["level_weights"]!, unit: .share, shape: .levels, table: &table),
            costMean: try tableParameters(ip["cost_mean"]!, unit: .yuan, shape: .levels, table: &table),
            costCV: try tableParameters(ip["cost_cv"]!, unit: .cv, shape: .levels, table: &table),
            policyRangeShare: try tableParameters(ip["policy_range_share"]!, unit: .share, shape: .levels, table: &table),
            inCountyProbability: try tableParameters(ip["in_county_probability"]!, unit: .probability, shape: .levels, table: &table),
            compliantInCounty: try scalarParameter(ip["compliant_in_county"]!, unit: .probability, table: &table),
            compliantOutOfCounty: try scalarParameter(ip["compliant_out_of_county"]!, unit: .probability, table: &table))

        var conditions: [ConditionModel] = []
        var pendingLinks: [(condition: Int, state: String, basis: ConditionLink.Basis, at: Located)] = []
        if let list = f["conditions"] {
            var seen = Set<String>()
            for item in try sequence(list) {
                let c = try fields(item, allowed: ["disease", "setting", "level", "annual_probability", "sex_factor",
                                                   "cost_mean", "cost_cv", "policy_range_share", "state", "basis"],
                                   required: ["disease", "setting", "level", "annual_probability", "cost_mean", "cost_cv", "policy_range_share"])
                let code = try string(c["disease"]!)
                guard let index = DiseaseCatalog.standard.index(of: code) else {
                    throw error(c["disease"]!, "unknown disease code '\(code)'; expected a code of the catalog (`fundsim diseases`)")
                }
                guard seen.insert(code).inserted else { throw error(c["disease"]!, "disease '\(code)' is listed twice") }
                let settingText = try string(c["setting"]!)
                guard let setting = ClaimSetting(fileName: settingText), setting != .generalOutpatient else {
                    throw error(c["setting"]!, "unknown setting '\(settingText)'; expected chronic_outpatient, major_disease or inpatient")
                }
                let levelText = try string(c["level"]!)
                guard let level = FacilityLevel(fileName: levelText) else {
                    throw error(c["level"]!, "unknown level '\(levelText)'; expected township, county, prefecture or provincial")
                }
                let sex: [ParameterID]
                if let s = c["sex_factor"] {
                    sex = try tableParameters(s, unit: .multiplier, shape: .sexes, table: &table)
                } else {
                    let one = table.add(ModelParameter(name: "\(item.path).sex_factor", value: 1, unit: "multiplier", source: "default: no sex difference"))
                    sex = [one, one]
                }
                if let stateAt = c["state"] {
                    guard let basisAt = c["basis"] else { throw error(stateAt, "a condition with a state needs basis: stock or onset") }
                    let basisText = try string(basisAt)
                    guard let basis = ConditionLink.Basis(rawValue: basisText) else {
                        throw error(basisAt, "unknown basis '\(basisText)'; expected stock (people in the state at the start of the year) or onset (new cases)")
                    }
                    pendingLinks.append((conditions.count, try identifier(stateAt), basis, stateAt))
                } else if let basisAt = c["basis"] {
                    throw error(basisAt, "basis needs a state (a disease state of the cohort section)")
                }
                conditions.append(ConditionModel(
                    code: code, disease: DiseaseIndex(index), setting: setting,
                    annualProbability: try tableParameters(c["annual_probability"]!, unit: .probability, shape: .ageGroups, table: &table),
                    sexFactor: sex,
                    costMean: try scalarParameter(c["cost_mean"]!, unit: .yuan, table: &table),
                    costCV: try scalarParameter(c["cost_cv"]!, unit: .cv, table: &table),
                    level: level,
                    policyRangeShare: try scalarParameter(c["policy_range_share"]!, unit: .share, table: &table)))
            }
        }
        let cohort = try f["cohort"].map { (c: Located) throws(ScenarioError) -> CohortSpec in
            try self.cohort(c, bands: population.ageBandLowerBounds.count, years: years, table: &table)
        }
        for link in pendingLinks {
            let names = cohort?.diseaseStates.map(\.name) ?? []
            guard let index = names.firstIndex(of: link.state) else {
                throw error(link.at, cohort == nil
                    ? "state '\(link.state)' needs a cohort section with disease_states"
                    : "unknown disease state '\(link.state)'; the cohort's states are \(names.joined(separator: ", "))")
            }
            conditions[link.condition].link = ConditionLink(state: index + 1, basis: link.basis)
        }
        var model = SimulationModel(parameters: table, population: population, generalOutpatient: outpatient,
                                    inpatient: inpatient, conditions: conditions, costGrowth: growth, costBaseYear: baseYear,
                                    cohort: cohort, indicatorTargets: targets)
        // Parsed last, so the province's parameters keep their positions (and their random draws).
        if let block = f["county_overrides"] {
            var structures: [Int: CountyPopulationStructure] = [:]
            model.countyOverrides = try countyOverrides(block, model: model, years: years, table: &table, structures: &structures)
            model.population.countyStructures = structures
            model.parameters = table
        }
        return ParsedSimulation(model: model, provinceID: provinceID, provinceName: provinceName, catastrophicShare: catastrophic)
    }

    /// `indicator_targets: {INDICATOR: {value, comparator: ">=" | "<=", unit: ratio|share|yuan, source}, …}`:
    /// the policy's performance targets, reported in `indicators.csv` next to each indicator.
    func indicatorTargets(_ at: Located) throws(ScenarioError) -> [IndicatorTarget] {
        let known = IndicatorTarget.indicators.map(\.name)
        let f = try fields(at, allowed: known, unknownMessage: { "unknown indicator '\($0)'; expected one of \(known.joined(separator: ", "))" })
        var targets: [IndicatorTarget] = []
        for (name, node) in f.entries {
            let t = try fields(node, allowed: ["value", "comparator", "unit", "source"], required: ["value", "comparator", "unit", "source"])
            let unitText = try text(t["unit"]!)
            guard let unit = ParameterUnit(rawValue: unitText), [.ratio, .share, .yuan].contains(unit) else {
                throw error(t["unit"]!, "unknown unit '\(unitText)'; expected ratio, share or yuan")
            }
            let value = try checkedNumber(t["value"]!, unit: unit == .yuan ? .yuan : .share)
            let comparatorText = try text(t["comparator"]!)
            guard let comparator = IndicatorComparator(rawValue: comparatorText) else {
                throw error(t["comparator"]!, "unknown comparator '\(comparatorText)'; expected >= or <=")
            }
            let source = try string(t["source"]!)
            record(node, value: "\(comparatorText) \(try text(t["value"]!))", unit: unit, source: source)
            targets.append(IndicatorTarget(indicator: DerivedIndicator(rawValue: name)!, target: value, comparator: comparator, unit: unit.rawValue, source: source))
        }
        return targets
    }

    /// `county_overrides: {COUNTY_ID: {…}}`: per-county values of simulation
    /// parameters, in the shape of the province's (`cost_growth`,
    /// `population.in_poverty_share`, `population.age_sex_shares`, `population.household_sizes`,
    /// `general_outpatient.*`, `inpatient.*`, `conditions: [{disease, …}]`). Each
    /// is a parameter of its own (with its own uncertainty, drawn independently).
    /// The county's population structure (age/sex shares, household sizes) goes to `structures`.
    func countyOverrides(_ at: Located, model: SimulationModel, years: ClosedRange<Int>, table: inout ParameterTable,
                         structures: inout [Int: CountyPopulationStructure]) throws(ScenarioError) -> [Int: [ParameterID: ParameterID]] {
        var result: [Int: [ParameterID: ParameterID]] = [:]
        let counties = model.population.counties
        for (countyID, block) in try fields(at, allowed: [], anyKeys: true).entries {
            guard let county = counties.firstIndex(where: { $0.region.id == countyID }) else {
                throw error(block, "unknown county '\(countyID)'; expected a county id of simulation.population.counties, e.g. \(counties.prefix(3).map(\.region.id).joined(separator: ", "))")
            }
            var map: [ParameterID: ParameterID] = [:]
            func substitute(_ originals: [ParameterID], _ replacements: [ParameterID]) {
                for (original, replacement) in zip(originals, replacements) { map[original] = replacement }
            }
            let f = try fields(block, allowed: ["cost_growth", "population", "general_outpatient", "inpatient", "conditions"])
            if let g = f["cost_growth"] { substitute([model.costGrowth], [try scalarParameter(g, unit: .perYear, table: &table)]) }
            var structure = CountyPopulationStructure()
            if let p = f["population"] {
                let pf = try fields(p, allowed: ["in_poverty_share", "age_sex_shares", "household_sizes"])
                if let shares = pf["age_sex_shares"] {
                    structure.ageSexShares = try ageSexShareParameters(shares, bands: model.population.ageBandLowerBounds, table: &table)
                }
                if let sizes = pf["household_sizes"] {
                    structure.householdSizeShares = try householdSizeParameters(sizes, table: &table)
                }
                if let share = pf["in_poverty_share"] {
                    guard model.cohort == nil else {
                        throw error(share, "a per-county in_poverty_share needs a scenario without cohort: (the cohort projection derives every county's poverty status from the province's)")
                    }
                    let ids = try yearParameters(share, unit: .share, years: years, table: &table)
                    for year in years {
                        if let original = model.population.inPovertyShare[year], let replacement = ids[year] { map[original] = replacement }
                    }
                }
            }
            if let g = f["general_outpatient"] {
                let go = model.generalOutpatient
                let gf = try fields(g, allowed: ["visits_per_year", "cost_per_visit", "cost_cv", "consultation_fee_per_visit", "policy_range_share"])
                if let a = gf["visits_per_year"] { substitute(go.visitsPerYear, try tableParameters(a, unit: .perPersonYear, shape: .ageGroups, table: &table)) }
                if let a = gf["cost_per_visit"] { substitute([go.costPerVisit], [try scalarParameter(a, unit: .yuan, table: &table)]) }
                if let a = gf["cost_cv"] { substitute([go.costCV], [try scalarParameter(a, unit: .cv, table: &table)]) }
                if let a = gf["consultation_fee_per_visit"] { substitute([go.consultationFeePerVisit], [try scalarParameter(a, unit: .yuan, table: &table)]) }
                if let a = gf["policy_range_share"] { substitute([go.policyRangeShare], [try scalarParameter(a, unit: .share, table: &table)]) }
            }
            if let i = f["inpatient"] {
                let ip = model.inpatient
                let keys = ["admissions_per_year", "level_weights", "cost_mean", "cost_cv", "policy_range_share",
                            "in_county_probability", "compliant_in_county", "compliant_out_of_county"]
                let inf = try fields(i, allowed: keys)
                if let a = inf["admissions_per_year"] { substitute(ip.admissionsPerYear, try tableParameters(a, unit: .perPersonYear, shape: .ageGroups, table: &table)) }
                if let a = inf["level_weights"] { substitute(ip.levelWeights, try tableParameters(a, unit: .share, shape: .levels, table: &table)) }
                if let a = inf["cost_mean"] { substitute(ip.costMean, try tableParameters(a, unit: .yuan, shape: .levels, table: &table)) }
                if let a = inf["cost_cv"] { substitute(ip.costCV, try tableParameters(a, unit: .cv, shape: .levels, table: &table)) }
                if let a = inf["policy_range_share"] { substitute(ip.policyRangeShare, try tableParameters(a, unit: .share, shape: .levels, table: &table)) }
                if let a = inf["in_county_probability"] { substitute(ip.inCountyProbability, try tableParameters(a, unit: .probability, shape: .levels, table: &table)) }
                if let a = inf["compliant_in_county"] { substitute([ip.compliantInCounty], [try scalarParameter(a, unit: .probability, table: &table)]) }
                if let a = inf["compliant_out_of_county"] { substitute([ip.compliantOutOfCounty], [try scalarParameter(a, unit: .probability, table: &table)]) }
            }
            if let list = f["conditions"] {
                for item in try sequence(list) {
                    let c = try fields(item, allowed: ["disease", "annual_probability", "sex_factor", "cost_mean", "cost_cv", "policy_range_share"],
                                       required: ["disease"])
                    let code = try string(c["disease"]!)
                    guard let condition = model.conditions.first(where: { $0.code == code }) else {
                        throw error(c["disease"]!, "the province has no condition '\(code)'; a county override changes a condition of simulation.conditions (\(model.conditions.map(\.code).prefix(6).joined(separator: ", ")), …), it cannot add one")
                    }
                    if let a = c["annual_probability"] { substitute(condition.annualProbability, try tableParameters(a, unit: .probability, shape: .ageGroups, table: &table)) }
                    if let a = c["sex_factor"] {
                        guard condition.sexFactor[0] != condition.sexFactor[1] else {
                            throw error(a, "the province's condition '\(code)' has no sex_factor; give it one in simulation.conditions first")
                        }
                        substitute(condition.sexFactor, try tableParameters(a, unit: .multiplier, shape: .sexes, table: &table))
                    }
                    if let a = c["cost_mean"] { substitute([condition.costMean], [try scalarParameter(a, unit: .yuan, table: &table)]) }
                    if let a = c["cost_cv"] { substitute([condition.costCV], [try scalarParameter(a, unit: .cv, table: &table)]) }
                    if let a = c["policy_range_share"] { substitute([condition.policyRangeShare], [try scalarParameter(a, unit: .share, table: &table)]) }
                }
            }
            let hasStructure = structure.ageSexShares != nil || structure.householdSizeShares != nil
            guard !map.isEmpty || hasStructure else { throw error(block, "expected at least one parameter for county '\(countyID)'") }
            if !map.isEmpty { result[county] = map }
            if hasStructure { structures[county] = structure }
        }
        return result
    }

    private func population(_ at: Located, years: ClosedRange<Int>, table: inout ParameterTable) throws(ScenarioError) -> PopulationModel {
        let keys = ["household_sizes", "age_bands", "age_sex_shares", "in_poverty_share", "prefectures", "counties"]
        let f = try fields(at, allowed: keys + ["welfare_shares"], required: keys)
        let household = try householdSizes(f["household_sizes"]!)
        var bands: [Int] = []
        for item in try sequence(f["age_bands"]!) {
            let bound = try integer(item)
            guard bound == (bands.isEmpty ? 0 : bound), bands.isEmpty || bound > bands.last! else {
                throw error(item, bands.isEmpty ? "the first age band must start at 0" : "age bands must ascend")
            }
            bands.append(bound)
        }
        guard !bands.isEmpty else { throw error(f["age_bands"]!, "expected at least one age band") }
        // Rates are given per age group (children 0-14, adults 15-59, elderly 60+): a band across a
        // group boundary would put its older members in the younger group (e.g. 55-64 made the elderly 65+).
        for boundary in AgeGroup.lowerBounds.dropFirst() where !bands.contains(boundary) {
            if let straddling = bands.last(where: { $0 < boundary }) {
                throw error(f["age_bands"]!, "the band from \(straddling) crosses the age-group boundary \(boundary) (children 0-14, adults 15-59, elderly 60+); add \(boundary) to age_bands")
            }
        }

        let sharesAt = f["age_sex_shares"]!
        let bySex = try bandSexLists(sharesAt, unit: .share, bands: bands.count)
        let total = bySex.joined().reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw error(sharesAt, "the age/sex shares add up to \(total); expected 1") }

        let inPoverty = try yearParameters(f["in_poverty_share"]!, unit: .share, years: years, table: &table)

        var prefectures: [RegionName] = []
        var prefectureIndex: [String: Int] = [:]
        for item in try sequence(f["prefectures"]!) {
            let p = try fields(item, allowed: ["id", "name", "chinese_name"], required: ["id", "name", "chinese_name"])
            let id = try identifier(p["id"]!)
            guard prefectureIndex[id] == nil else { throw error(p["id"]!, "prefecture '\(id)' is listed twice") }
            prefectureIndex[id] = prefectures.count
            prefectures.append(RegionName(id: id, name: try string(p["name"]!), chineseName: try string(p["chinese_name"]!)))
        }
        var counties: [CountySpec] = []
        var countyIDs = Set<String>()
        var streamKeys: [UInt32: String] = [:]
        for item in try sequence(f["counties"]!) {
            let c = try fields(item, allowed: ["id", "prefecture", "name", "chinese_name", "registered_poor"],
                               required: ["id", "prefecture", "name", "chinese_name", "registered_poor"])
            let idText = try string(c["id"]!)
            guard Self.isIdentifier(idText) else {
                throw error(c["id"]!, "expected an id (\(Self.identifierRule)), found \(c["id"]!.shortText)")
            }
            guard countyIDs.insert(idText).inserted else { throw error(c["id"]!, "county '\(idText)' is listed twice") }
            let streamKey = PopulationModel.streamKey(countyID: idText)
            if let other = streamKeys[streamKey] {
                throw error(c["id"]!, "county ids '\(other)' and '\(idText)' share a random-stream key; rename one of them")
            }
            streamKeys[streamKey] = idText
            let prefectureID = try string(c["prefecture"]!)
            guard let prefecture = prefectureIndex[prefectureID] else {
                throw error(c["prefecture"]!, "unknown prefecture '\(prefectureID)'; every county needs one of the prefectures listed: \(prefectures.map(\.id).joined(separator: ", "))")
            }
            let people = try integer(c["registered_poor"]!)
            guard people >= 0 else { throw error(c["registered_poor"]!, "expected a non-negative number of people") }
            counties.append(CountySpec(region: RegionName(id: idText, name: try string(c["name"]!), chineseName: try string(c["chinese_name"]!)),
                                       prefecture: prefecture, registeredPoor: people))
        }
        guard !counties.isEmpty else { throw error(f["counties"]!, "expected at least one county") }
        guard counties.count <= PopulationModel.countyLimit else {
            throw error(f["counties"]!, "\(counties.count) counties; the random streams allow at most \(PopulationModel.countyLimit)")
        }
        let welfare = try f["welfare_shares"].map { (w: Located) throws(ScenarioError) -> [Double] in
            try self.welfareShares(w)
        } ?? PopulationModel.allRegisteredPoor
        return PopulationModel(prefectures: prefectures, counties: counties, ageBandLowerBounds: bands, ageSexShares: bands.indices.map { [bySex[0][$0], bySex[1][$0]] },
                               inPovertyShare: inPoverty, householdSizeShares: household, welfareShares: welfare)
    }

    /// `household_sizes: {shares: {1: s1, 2: s2, …}, unit: share, source}`: the share of
    /// households of each size (people), each in [0, 1], adding up to 1; returned by size − 1.
    func householdSizes(_ at: Located, allowUncertainty: Bool = false) throws(ScenarioError) -> [Double] {
        let f = try fields(at, allowed: ["shares", "unit", "source"] + (allowUncertainty ? ["uncertainty"] : []),
                           required: ["shares", "unit", "source"])
        guard try text(f["unit"]!) == ParameterUnit.share.rawValue else { throw error(f["unit"]!, "expected unit: share") }
        let source = try string(f["source"]!)
        let entries = try fields(f["shares"]!, allowed: [], anyKeys: true).entries
        var shares: [Double] = []
        for (key, node) in entries {
            guard let size = Int(key), size >= 1, size <= 30 else {
                throw error(node, "'\(key)' is not a household size; expected people per household from 1 to 30")
            }
            if shares.count < size { shares.append(contentsOf: repeatElement(0, count: size - shares.count)) }
            shares[size - 1] = try checkedNumber(node, unit: .share)
        }
        let total = shares.reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw error(f["shares"]!, "the household size shares add up to \(total); expected 1") }
        let mean = shares.enumerated().map { Double($0.offset + 1) * $0.element }.reduce(0, +)
        record(at, value: "\(shares.count) sizes, mean \((mean * 100).rounded() / 100) people", unit: .share, source: source)
        return shares
    }

    /// A county's `age_sex_shares: {female: [...], male: [...], unit: share, source, uncertainty?}`:
    /// one share per age band of the province's `age_bands` and sex, adding up to 1, each
    /// registered as a parameter (`….female.i`) with the quantity's uncertainty; returned `[band][sex]`.
    func ageSexShareParameters(_ at: Located, bands: [Int], table: inout ParameterTable) throws(ScenarioError) -> [[ParameterID]] {
        let sf = try fields(at, allowed: Self.sexKeys + ["unit", "source", "uncertainty"], required: Self.sexKeys + ["unit", "source"])
        guard try text(sf["unit"]!) == ParameterUnit.share.rawValue else { throw error(sf["unit"]!, "expected unit: share") }
        let source = try self.source(sf["source"]!)
        var values: [[Double]] = []
        for key in Self.sexKeys {
            let items = try sequence(sf[key]!)
            guard items.count == bands.count else {
                throw error(sf[key]!, "expected \(bands.count) values, one per age band of simulation.population.age_bands (\(bands.map(String.init).joined(separator: ", "))), found \(items.count)")
            }
            var row: [Double] = []
            for item in items { row.append(try checkedNumber(item, unit: .share)) }
            values.append(row)
        }
        let total = values.joined().reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw error(at, "the age/sex shares add up to \(total); expected 1") }
        var ids = [[ParameterID]](repeating: [], count: bands.count)
        for (sex, key) in Self.sexKeys.enumerated() {
            for band in bands.indices {
                let value = values[sex][band]
                let distribution = try sf["uncertainty"].flatMap { (u: Located) throws(ScenarioError) -> ParameterDistribution? in
                    try shareUncertainty(u, value: value)
                }
                ids[band].append(table.add(ModelParameter(name: "\(at.path).\(key).\(band)", value: value, unit: ParameterUnit.share.rawValue,
                                                          source: source, distribution: distribution)))
            }
        }
        record(at, value: "\(bands.count) bands × 2 sexes", unit: .share, source: source)
        return ids
    }

    /// A county's `household_sizes: {shares: {1: s1, 2: s2, …}, unit: share, source, uncertainty?}`
    /// (as the province's, adding up to 1), each size's share registered as a parameter
    /// (`….shares.K`) with the quantity's uncertainty; returned by size − 1.
    func householdSizeParameters(_ at: Located, table: inout ParameterTable) throws(ScenarioError) -> [ParameterID] {
        let shares = try householdSizes(at, allowUncertainty: true)
        let f = try fields(at, allowed: ["shares", "unit", "source", "uncertainty"])
        let source = try string(f["source"]!)
        var ids: [ParameterID] = []
        for (k, value) in shares.enumerated() {
            let distribution = try f["uncertainty"].flatMap { (u: Located) throws(ScenarioError) -> ParameterDistribution? in
                try shareUncertainty(u, value: value)
            }
            ids.append(table.add(ModelParameter(name: "\(at.path).shares.\(k + 1)", value: value, unit: ParameterUnit.share.rawValue,
                                                source: source, distribution: distribution)))
        }
        return ids
    }

    /// The uncertainty of one share of a county's structure: `{distribution: dirichlet,
    /// concentration: N}` (the shares as a multinomial sample of N: each entry p drawn as
    /// Gamma(N·p, 1/N), which the simulation normalises, so the shares are Dirichlet(N·p),
    /// each with sd √(p(1 − p)/(N + 1))), or any other uncertainty of a share (beta, …).
    func shareUncertainty(_ at: Located, value: Double) throws(ScenarioError) -> ParameterDistribution? {
        let f = try fields(at, allowed: ["distribution", "concentration", "cv", "half_width"], required: ["distribution"])
        guard try string(f["distribution"]!) == "dirichlet" else {
            if let c = f["concentration"] { throw error(c, "'concentration' belongs to distribution: dirichlet") }
            return try uncertainty(at, value: value, unit: .share)
        }
        for key in ["cv", "half_width"] where f.has(key) { throw error(f[key]!, "a dirichlet has a concentration, not '\(key)'") }
        guard let at = f["concentration"] else { throw error(at, "missing 'concentration' (the number of people or households the shares were counted from)") }
        let n = try number(at)
        guard n > 0 && n.isFinite else { throw error(at, "expected a positive concentration") }
        guard value > 0 else { return nil }  // a zero share stays zero
        return .gamma(mean: value, sd: (value / n).squareRoot())
    }

    /// `welfare_shares: {registered_poor, minimum_living_allowance, extreme_poverty, unit: share, source}`:
    /// each in [0, 1], adding up to 1; returned by ``WelfareCategory`` raw value.
    func welfareShares(_ at: Located) throws(ScenarioError) -> [Double] {
        let q = try quantity(at, unit: .share, shapes: [.welfareCategories])
        var shares = [Double](repeating: 0, count: WelfareCategory.allCases.count)
        for (key, node) in q.values {
            shares[WelfareCategory(fileName: key)!.rawValue] = try checkedNumber(node, unit: .share)
        }
        let total = shares.reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw error(at, "the welfare shares add up to \(total); expected 1") }
        record(at, value: describe(q, q.values.map { (try? text($0.at)) ?? "" }), unit: q.unit, source: q.source)
        return shares
    }

    /// `{female: [...], male: [...], unit, source}`: one value per age band and sex, range-checked by unit.
    func bandSexLists(_ at: Located, unit: ParameterUnit, bands: Int) throws(ScenarioError) -> [[Double]] {
        let sf = try fields(at, allowed: Self.sexKeys + ["unit", "source"], required: Self.sexKeys + ["unit", "source"])
        guard try text(sf["unit"]!) == unit.rawValue else { throw error(sf["unit"]!, "expected unit: \(unit.rawValue)") }
        let source = try self.source(sf["source"]!)
        var bySex: [[Double]] = []
        for key in Self.sexKeys {
            let items = try sequence(sf[key]!)
            guard items.count == bands else {
                throw error(sf[key]!, "expected \(bands) values, one per age band, found \(items.count)")
            }
            var row: [Double] = []
            for item in items { row.append(try checkedNumber(item, unit: unit)) }
            bySex.append(row)
        }
        record(at, value: "\(bands) bands × 2 sexes", unit: unit, source: source)
        return bySex
    }

    /// `cohort:`: the yearly transitions of the multi-year projection.
    func cohort(_ at: Located, bands: Int, years: ClosedRange<Int>, table: inout ParameterTable) throws(ScenarioError) -> CohortSpec {
        let keys = ["mortality", "poverty_exit_rate", "birth_rate", "male_birth_fraction", "disease_states"]
        let f = try fields(at, allowed: keys, required: keys)
        let mortality = try bandSexLists(f["mortality"]!, unit: .probability, bands: bands)
        let exit = try yearParameters(f["poverty_exit_rate"]!, unit: .probability, years: years, table: &table)
        let births = try plainScalar(f["birth_rate"]!, unit: .perPersonYear)
        let boys = try plainScalar(f["male_birth_fraction"]!, unit: .share)
        var states: [CohortDiseaseSpec] = []
        for item in try sequence(f["disease_states"]!) {
            let stateKeys = ["name", "base_prevalence", "onset", "remission", "excess_mortality"]
            let d = try fields(item, allowed: stateKeys, required: stateKeys)
            let name = try identifier(d["name"]!)
            guard name != "none", !states.contains(where: { $0.name == name }) else {
                throw error(d["name"]!, "disease state '\(name)' is reserved or listed twice")
            }
            func groups(_ key: String) throws(ScenarioError) -> [Double] {
                let q = try quantity(d[key]!, unit: .probability, shapes: [.ageGroups, .scalar])
                var values: [Double] = []
                for k in QuantityShape.ageGroups.keys {
                    let node = q.shape == .scalar ? q.values[0].at : q.values.first(where: { $0.key == k })!.at
                    values.append(try checkedNumber(node, unit: .probability))
                }
                record(d[key]!, value: describe(q, q.values.map { (try? text($0.at)) ?? "" }), unit: q.unit, source: q.source)
                return values
            }
            states.append(CohortDiseaseSpec(name: name, basePrevalence: try groups("base_prevalence"), onset: try groups("onset"),
                                            remission: try groups("remission"), excessMortality: try groups("excess_mortality")))
        }
        for g in 0..<3 where states.map({ $0.basePrevalence[g] }).reduce(0, +) > 1 {
            throw error(f["disease_states"]!, "base prevalences of the \(QuantityShape.ageGroups.keys[g]) add up to more than 1")
        }
        return CohortSpec(mortality: bands == 0 ? [] : (0..<bands).map { [mortality[0][$0], mortality[1][$0]] },
                          povertyExitRate: exit, birthRate: births, maleBirthFraction: boys, diseaseStates: states)
    }

    /// A per-year quantity (`by_year`, covering the horizon) registered as one model parameter
    /// per year; a single `value` is one parameter shared by every year (one draw, not one per year).
    func yearParameters(_ at: Located, unit: ParameterUnit, years: ClosedRange<Int>,
                        table: inout ParameterTable) throws(ScenarioError) -> [Int: ParameterID] {
        let q = try quantity(at, unit: unit, shapes: [.byYear, .scalar], allowUncertainty: true)
        let ids = try byYear(q, covering: years) { (node, year) throws(ScenarioError) in
            try parameter(node, quantity: q, name: year.map { "\(q.at.path).\($0)" } ?? q.at.path, table: &table)
        }
        record(q.at, value: describe(q, q.values.map { (try? text($0.at)) ?? "" }), unit: q.unit, source: q.source)
        return ids
    }

    /// A scalar quantity registered as a model parameter (with its uncertainty).
    func scalarParameter(_ at: Located, unit: ParameterUnit, table: inout ParameterTable) throws(ScenarioError) -> ParameterID {
        let q = try quantity(at, unit: unit, shapes: [.scalar], allowUncertainty: true)
        let id = try parameter(q.values[0].at, quantity: q, name: at.path, table: &table)
        record(at, value: try text(q.values[0].at), unit: q.unit, source: q.source)
        return id
    }

    /// A table quantity (by level, age group or sex) registered as one parameter per entry, in the shape's key order.
    func tableParameters(_ at: Located, unit: ParameterUnit, shape: QuantityShape, table: inout ParameterTable) throws(ScenarioError) -> [ParameterID] {
        let q = try quantity(at, unit: unit, shapes: [shape, .scalar], allowUncertainty: true)
        var ids: [ParameterID] = []
        for key in shape.keys {
            let node = q.shape == .scalar ? q.values[0].at : q.values.first(where: { $0.key == key })!.at
            ids.append(try parameter(node, quantity: q, name: "\(at.path).\(key)", table: &table))
        }
        record(at, value: describe(q, q.values.map { (try? text($0.at)) ?? "" }), unit: q.unit, source: q.source)
        return ids
    }

    /// A plain number checked against its unit's range (no parameter, no uncertainty).
    func plainScalar(_ at: Located, unit: ParameterUnit) throws(ScenarioError) -> Double {
        let q = try quantity(at, unit: unit, shapes: [.scalar])
        let value = try checkedNumber(q.values[0].at, unit: unit)
        record(at, value: try text(q.values[0].at), unit: q.unit, source: q.source)
        return value
    }

    /// One value of a quantity, range-checked by unit, added to the table with the quantity's uncertainty.
    func parameter(_ node: Located, quantity q: Quantity, name: String, table: inout ParameterTable) throws(ScenarioError) -> ParameterID {
        let value = try checkedNumber(node, unit: q.unit)
        var distribution: ParameterDistribution?
        if let u = q.uncertainty { distribution = try uncertainty(u, value: value, unit: q.unit) }
        return table.add(ModelParameter(name: name, value: value, unit: q.unit.rawValue, source: q.source, distribution: distribution))
    }

    func checkedNumber(_ at: Located, unit: ParameterUnit) throws(ScenarioError) -> Double {
        let value = try number(at)
        if unit == .yuan || unit == .yuanPerPersonYear, try decimalNumber(at).decimals > 2 {
            // Checked on the text: a float would hide a third decimal.
            throw error(at, "expected an amount of yuan with at most two decimals, found \(at.shortText)")
        }
        switch unit {
        case .probability, .share:
            guard value >= 0 && value <= 1 else {
                throw error(at, "\(try text(at)) is outside [0, 1]; expected a \(unit.rawValue) between 0 and 1")
            }
        case .perYear:
            guard value > -1 else { throw error(at, "expected a growth rate above -1") }
        case .peoplePerHousehold:
            guard value > 0 else { throw error(at, "expected a positive household size") }
        default:
            guard value >= 0 else { throw error(at, "\(try text(at)) is negative; expected a non-negative \(unit.rawValue)") }
        }
        return value
    }

    /// `{distribution: beta|gamma|lognormal|uniform, cv: c}` (sd = c × value) or `{distribution: uniform, half_width: h}` (value × (1 ± h)).
    private func uncertainty(_ at: Located, value: Double, unit: ParameterUnit) throws(ScenarioError) -> ParameterDistribution? {
        let f = try fields(at, allowed: ["distribution", "cv", "half_width"], required: ["distribution"])
        let kind = try string(f["distribution"]!)
        if value == 0 { return nil }  // a zero entry of a table stays zero
        if value == 1 && kind == "beta" { return nil }  // a certain event (e.g. everyone exits in 2020) stays certain
        let distribution: ParameterDistribution
        switch kind {
        case "beta", "gamma", "lognormal":
            guard let cvAt = f["cv"] else { throw error(at, "missing 'cv' (the standard deviation as a share of the value)") }
            let cv = try number(cvAt)
            guard cv > 0 else { throw error(cvAt, "expected a positive cv") }
            let sd = cv * value
            distribution = kind == "beta" ? .beta(mean: value, sd: sd) : (kind == "gamma" ? .gamma(mean: value, sd: sd) : .lognormal(mean: value, sd: sd))
            if kind == "beta" && !(unit == .probability || unit == .share) {
                throw error(f["distribution"]!, "a beta distribution needs a probability or share")
            }
        case "uniform":
            guard let hAt = f["half_width"] else { throw error(at, "missing 'half_width' (the range as a share of the value, ±)") }
            let h = try number(hAt)
            guard h > 0 else { throw error(hAt, "expected a positive half_width") }
            distribution = .uniform(low: value * (1 - h), high: value * (1 + h))
        default:
            throw error(f["distribution"]!, "unknown distribution '\(kind)'; expected beta, gamma, lognormal or uniform")
        }
        if let problem = distribution.problem { throw error(at, problem) }
        return distribution
    }
}
