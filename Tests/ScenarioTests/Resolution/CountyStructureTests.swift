import Foundation
import ProjectedPopulation
import Settlement
import Simulation
import Testing
@testable import Scenario

/// `simulation.county_overrides.COUNTY.population.age_sex_shares` and `household_sizes`:
/// a county's own population structure, checked like the province's, simulated for that
/// county only (the static population every year; with a cohort, the base year's
/// structure, which the projection ages).
@Suite struct CountyStructureTests {
    static let ageShares = """
        age_sex_shares:
                      female: [0.01, 0.02, 0.03, 0.03, 0.03, 0.04, 0.03, 0.07, 0.09, 0.08, 0.06]
                      male:   [0.02, 0.03, 0.04, 0.04, 0.04, 0.04, 0.03, 0.07, 0.09, 0.07, 0.04]
                      unit: share
                      source: "an old county"
                      uncertainty: {distribution: dirichlet, concentration: 400}
        """
    static let sizes = "household_sizes: {shares: {1: 0.5, 2: 0.3, 3: 0.2}, unit: share, source: \"small households\"}"

    /// yunnan-2017 with `population:` entries for kunming.luquan (and optionally without its cohort).
    static func text(_ entries: [String], cohort: Bool = true) -> String {
        var text = ScenarioLoader.builtInText("yunnan-2017")!
        if !cohort {
            var lines: [Substring] = []
            var inCohort = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line == "  cohort:" { inCohort = true; continue }
                if inCohort && (line.hasPrefix("# ") || line.hasPrefix("capitation:")) { inCohort = false }
                if inCohort || line.hasPrefix("      state: ") || line.hasPrefix("      basis: ") { continue }
                lines.append(line)
            }
            text = lines.joined(separator: "\n")
        }
        guard !entries.isEmpty else { return text }
        let block = """
              county_overrides:
                kunming.luquan:
                  population:
            \(entries.map { "        " + $0 }.joined(separator: "\n"))
            # Per-capita packaged-payment pilots
            """
        return text.replacingOccurrences(of: "# Per-capita packaged-payment pilots", with: block)
    }

    static func model(_ entries: [String], cohort: Bool = true) throws -> SimulationModel {
        try #require(try ScenarioLoader.load(yaml: text(entries, cohort: cohort), sourceName: "county.yaml").simulation?.model)
    }

    static func county(_ model: SimulationModel, _ id: String = "kunming.luquan") -> Int {
        model.population.counties.firstIndex { $0.region.id == id }!
    }

    @Test func theCountysSharesAreParametersAndTheOthersKeepTheProvinces() throws {
        let base = try #require(try ScenarioLoader.load(nameOrPath: "yunnan-2017").simulation?.model)
        let model = try Self.model([Self.ageShares, Self.sizes])
        let luquan = Self.county(model)
        // Appended after the province's parameters: 22 shares and 3 sizes.
        #expect(Array(model.parameters.entries.prefix(base.parameters.entries.count)) == base.parameters.entries)
        #expect(model.parameters.entries.count == base.parameters.entries.count + 22 + 3)
        #expect(model.population.countyStructures.keys.sorted() == [luquan])
        #expect(model.countyOverrides.isEmpty)
        let point = model.parameters.pointValues
        let shares = model.population.ageSexShares(county: luquan, parameters: point)
        #expect(abs(shares[8][0] - 0.09) < 1e-12 && abs(shares[10][1] - 0.04) < 1e-12)
        #expect(model.population.householdSizeShares(county: luquan, parameters: point).map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [0.5, 0.3, 0.2])
        let other = Self.county(model, "kunming.wuhua")
        #expect(model.population.ageSexShares(county: other, parameters: point) == base.population.ageSexShares)
        #expect(model.population.householdSizeShares(county: other, parameters: point) == nil)
        // The dirichlet: each share a gamma of mean p and sd √(p / N); sizes without uncertainty.
        let first = try #require(model.parameters.entries.first { $0.name.hasSuffix("luquan.population.age_sex_shares.female.0") })
        #expect(first.distribution == .gamma(mean: 0.01, sd: (0.01 / 400).squareRoot()))
        #expect(model.parameters.entries.last?.distribution == nil)
    }

    /// Drawn shares, normalised, are Dirichlet(N·p): each share's sd over draws is
    /// √(p(1 − p)/(N + 1)). The sample sd of 400 draws is within 4 standard errors
    /// (se of an sd ≈ sd/√(2·400)) of it, and not of the sd a concentration 4× as large gives.
    @Test func drawnSharesHaveTheDirichletSpread() throws {
        let model = try Self.model([Self.ageShares])
        let luquan = Self.county(model)
        let draws = 400
        let values = (0..<draws).map { model.population.ageSexShares(county: luquan, parameters: model.parameters.draw(seed: 5, draw: $0))[8][0] }
        #expect(values.allSatisfy { $0 > 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(draws)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws - 1)).squareRoot()
        func expected(_ n: Double) -> Double { (0.09 * 0.91 / (n + 1)).squareRoot() }
        let tolerance = 4 * sd / (2.0 * Double(draws)).squareRoot()
        #expect(abs(sd - expected(400)) < tolerance, "sd \(sd), expected \(expected(400)) ± \(tolerance)")
        #expect(abs(sd - expected(1600)) > tolerance, "a concentration of 1600 is rejected")
        #expect(abs(mean - 0.09) < 4 * expected(400) / Double(draws).squareRoot())
    }

    /// The static population has the county's structure every year; the other counties' cells are
    /// exactly those of the scenario without the block.
    @Test func staticCellsFollowTheCountysShares() throws {
        let model = try Self.model([Self.ageShares], cohort: false)
        let plain = try Self.model([], cohort: false)
        let luquan = Self.county(model)
        let point = model.parameters.pointValues
        for year in [2017, 2019] {
            let cells = StaticPopulation(model: model).cells(county: luquan, year: year, draw: 0, parameters: point)
            let people = cells.reduce(0, +)
            #expect(people == model.population.counties[luquan].registeredPoor)
            let layout = model.population.cellLayout
            let elderlyWomen = (7..<11).reduce(0) { $0 + cells[layout.index(band: $1, sex: .female, status: .inPoverty)] + cells[layout.index(band: $1, sex: .female, status: .exitedPoverty)] }
            #expect(abs(Double(elderlyWomen) / Double(people) - 0.30) < 1e-4)
            for other in model.population.counties.indices where other != luquan {
                #expect(StaticPopulation(model: model).cells(county: other, year: year, draw: 0, parameters: point)
                        == StaticPopulation(model: plain).cells(county: other, year: year, draw: 0, parameters: plain.parameters.pointValues))
            }
        }
    }

    /// With a cohort projection the county's shares are its base-year structure: the base year's
    /// cells follow them, and the projection then ages them (its elderly share moves in later years).
    @Test func cohortStartsFromTheCountysStructure() throws {
        let model = try Self.model([Self.ageShares])
        let luquan = Self.county(model)
        let projection = try CohortPopulation(model: model, years: [2017, 2020], baseYear: 2017, kernel: .reference, chunkSize: 1)
        projection.prepare(draws: 0..<1) { _ in model.parameters.pointValues }
        let layout = model.population.cellLayout
        func elderlyShare(_ year: Int) -> Double {
            let cells = projection.cells(county: luquan, year: year, draw: 0, parameters: model.parameters.pointValues)
            var elderly = 0
            for band in 7..<11 { for sex in Sex.allCases { for s in PovertyStatus.allCases { elderly += cells[layout.index(band: band, sex: sex, status: s)] } } }
            return Double(elderly) / Double(cells.reduce(0, +))
        }
        #expect(abs(elderlyShare(2017) - 0.57) < 1e-3)
        #expect(abs(elderlyShare(2020) - 0.57) > 1e-3)
        // Another county starts from the province's structure (elderly 60+: 0.3 of people).
        let wuhua = Self.county(model, "kunming.wuhua")
        let cells = projection.cells(county: wuhua, year: 2017, draw: 0, parameters: model.parameters.pointValues)
        var elderly = 0
        for band in 7..<11 { for sex in Sex.allCases { for s in PovertyStatus.allCases { elderly += cells[layout.index(band: band, sex: sex, status: s)] } } }
        let province = (7..<11).reduce(0.0) { $0 + model.population.ageSexShares[$1].reduce(0, +) }
        #expect(abs(Double(elderly) / Double(cells.reduce(0, +)) - province) < 1e-3)
    }

    /// A run simulates the county's people in households of its own sizes: 3,000 people in households of
    /// mean 1.7 (variance 0.61) make about 3000 / 1.7 ≈ 1765 households, within 4 sd (√(P·v/m³) ≈ 19,
    /// renewal theory); the province's sizes (mean 3.6, about 830) are far outside. Another county's
    /// ledger row is exactly the one of the scenario without the block.
    @Test func runUsesTheCountysHouseholdSizes() throws {
        let scenario = try ScenarioLoader.load(yaml: Self.text([Self.sizes]), sourceName: "county.yaml")
        var model = try #require(scenario.simulation?.model)
        let luquan = Self.county(model), wuhua = Self.county(model, "kunming.wuhua")
        model.population.counties[luquan].registeredPoor = 3000
        func households(_ model: SimulationModel, county: Int) throws -> (households: Double, row: [Double]) {
            let configuration = RunConfiguration(seed: 3, draws: 1, threads: 1, years: [2017], onlyCounties: [county])
            let runner = try MonteCarloRunner(plan: scenario.plan, model: model, fiscal: scenario.fiscal, configuration: configuration,
                                              population: StaticPopulation(model: model))
            let values = runner.simulate(draw: 0).values
            let items = runner.layout.count
            let row = Array(values[(county * items)..<((county + 1) * items)])
            return (row[runner.layout.index(.households)], row)
        }
        let h = try households(model, county: luquan).households
        let m = 1.7, v = 3.5 - 1.7 * 1.7
        let sd = (3000 * v / (m * m * m)).squareRoot()
        #expect(abs(h - 3000 / m) < 4 * sd, "\(h) households for 3000 people")
        var province = model
        province.population.countyStructures = [:]
        let hp = try households(province, county: luquan).households
        #expect(abs(hp - 3000 / m) > 4 * sd, "the province's sizes give \(hp)")
        let plain = try Self.model([])
        #expect(try households(model, county: wuhua).row == households(plain, county: wuhua).row)
    }

    /// `--set` into a county's structure copies the province's quantity first; the result is checked like a written one.
    @Test func aSetCopiesTheProvincesStructure() throws {
        let set = { (text: String) throws(ScenarioError) in try ScenarioLoader.load(nameOrPath: "yunnan-2017", overrides: [ParameterOverride.parse(text)]) }
        let model = try #require(try set("simulation.county_overrides.kunming.luquan.population.age_sex_shares.female.0=0.034").simulation?.model)
        let luquan = Self.county(model)
        #expect(model.population.countyStructures.keys.sorted() == [luquan])
        let county = model.population.ageSexShares(county: luquan, parameters: model.parameters.pointValues)
        #expect(zip(county.joined(), model.population.ageSexShares.joined()).allSatisfy { abs($0 - $1) < 1e-12 })
        do { _ = try set("simulation.county_overrides.kunming.luquan.population.household_sizes.shares.1=0.19"); Issue.record("accepted") } catch {
            #expect(error.file.hasPrefix("--set simulation.county_overrides.kunming.luquan.population.household_sizes") && error.message.contains("add up to 1.1"), "\(error)")
        }
    }

    @Test(arguments: [
        ("age_sex_shares: {female: [0.5], male: [0.5], unit: share, source: \"x\"}", "expected 11 values, one per age band"),
        (ageShares.replacingOccurrences(of: "0.04]", with: "0.05]"), "add up to 1.01"),
        (ageShares.replacingOccurrences(of: "concentration: 400", with: "cv: 0.1"), "a dirichlet has a concentration, not 'cv'"),
        (ageShares.replacingOccurrences(of: "distribution: dirichlet, concentration: 400", with: "distribution: dirichlet"), "missing 'concentration'"),
        (ageShares.replacingOccurrences(of: "unit: share", with: "unit: probability"), "expected unit: share"),
        ("household_sizes: {shares: {1: 0.5, 31: 0.5}, unit: share, source: \"x\"}", "'31' is not a household size"),
        ("household_sizes: {shares: {1: 0.5, 2: 0.4}, unit: share, source: \"x\"}", "household size shares add up to 0.9"),
        ("births: {value: 1, unit: share, source: \"x\"}", "allowed keys here: in_poverty_share, age_sex_shares, household_sizes"),
    ])
    func errorsNameTheFileLineAndField(entry: String, says: String) throws {
        do { _ = try ScenarioLoader.load(yaml: Self.text([entry]), sourceName: "county.yaml"); Issue.record("accepted \(entry)") } catch {
            #expect(error.file == "county.yaml" && error.line > 0 && error.field.contains("county_overrides.kunming.luquan.population"), "\(error)")
            #expect(error.message.contains(says), "\(error)")
        }
    }
}
