import Foundation
import ProjectedPopulation
import Scenario
import Settlement
import Simulation
import Testing
@testable import Calibration

/// Issue 12's end-to-end requirement: a run of the fitted overlay reproduces the
/// extract's per-person cost, admission share and OOP share within its Monte Carlo
/// interval, for a county whose age mix differs markedly from the province's.
@Suite("Fitted overlay reproduces its extract")
struct FittedOverlayReproducesTests {
    /// A county of 2,000 people, 55% aged 60+ (the base's: 28%), with households of 1–3 people
    /// (the base's: mean 3.6), simulated by the test's own generator (``SyntheticCounty``) for
    /// 2018, the base year of `qujiang-2018`: its cohort projection starts from the county's
    /// own structure in the extract's year. The cohort derives poverty status from the
    /// province's (no county may override it), so the generator draws it with the base's share; the
    /// base's conditions beyond the generator's six are generated at the base's rates and costs.
    static let base = try! BaseModel(scenario: ScenarioLoader.load(nameOrPath: "qujiang-2018"), countyID: "shaoguan.qujiang")
    static let extract = SyntheticCounty.extract(people: 5000, seed: 20_181_201, replicate: 0, elderlyShare: 0.55,
                                                 householdSizes: [0.35, 0.40, 0.25],
                                                 inPovertyShare: base.value(base.model.population.inPovertyShare[2018]!),
                                                 otherConditions: SyntheticCounty.baseConditions(base))
    static let statistics = ["cost_mean", "share_admitted", "oop_share"]

    struct Fitted {
        let folder = TemporaryFolder()
        let result: CalibrationResult
        let scenario: Scenario
        let county: Int

        init() throws {
            let base = FittedOverlayReproducesTests.base
            result = try CountyCalibration.fit(FittedOverlayReproducesTests.extract, base: base)
            let writer = OverlayWriter(result: result, extends: "qujiang-2018", baseTitle: base.scenario.title, baseHasCountyOverrides: false,
                                       baseHasCohort: true, programVersion: "test")
            let overlay = folder.url.appendingPathComponent("fitted.yaml")
            try writer.write(to: overlay)
            scenario = try ScenarioLoader.load(nameOrPath: overlay.path)
            county = scenario.simulation!.model.population.counties.firstIndex { $0.region.id == "shaoguan.qujiang" }!
        }

        /// The fit report of `model` (the overlay's, or a variant of it) against the extract, as `fundsim calibrate`
        /// makes it: the cohort projection from 2018, 40 draws, parameter uncertainty on.
        func report(_ model: SimulationModel) throws -> FitReport {
            let tierIDs = scenario.plan.tiers.map(\.id)
            let engine = try SettlementEngine(plan: scenario.plan, year: 2018)
            let observed = try PersonYearAmounts.observed(FittedOverlayReproducesTests.extract, tierIDs: tierIDs,
                                                          engine: { $0 == 2018 ? engine : nil })
            let run = CountyPersonYears(model: model, county: county, years: [2018], engines: [engine], tierIDs: tierIDs,
                                        perPersonIDs: scenario.fiscal.perPersonPayments.map(\.id), seed: 77, parameterUncertainty: true,
                                        population: try CohortPopulation(model: model, years: [2018], baseYear: 2018))
            return FitReport(tierIDs: tierIDs, observed: FitStatistics.compute(observed), simulated: try run.statistics(draws: 40, threads: 2))
        }
    }

    /// The overlay sets the county's structure from the roster, cited, with its multinomial uncertainty.
    @Test func overlayCarriesTheCountysStructure() throws {
        let fitted = try Fitted()
        let model = try #require(fitted.scenario.simulation?.model)
        let structure = try #require(model.population.countyStructures[fitted.county])
        let point = model.parameters.pointValues
        let shares = model.population.ageSexShares(county: fitted.county, parameters: point)
        let bands = model.population.ageBandLowerBounds
        let elderly = bands.indices.filter { bands[$0] >= 60 }.reduce(0.0) { $0 + shares[$1].reduce(0, +) }
        let observedElderly = Double(Self.extract.personYears.filter { $0.age >= 60 }.count) / Double(Self.extract.personYears.count)
        #expect(abs(elderly - observedElderly) < 1e-5, "elderly share \(elderly) vs roster \(observedElderly)")
        // Household sizes: the roster's shares, counted per household.
        var members: [Int32: Int] = [:]
        for row in Self.extract.personYears { if let household = row.household { members[household, default: 0] += 1 } }
        let sizes = try #require(model.population.householdSizeShares(county: fitted.county, parameters: point))
        for size in 1...3 {
            let share = Double(members.values.filter { $0 == size }.count) / Double(members.count)
            #expect(abs(sizes[size - 1] - share) < 1e-5)
        }
        #expect(structure.ageSexShares?.count == bands.count)
        let parameter = try #require(fitted.scenario.parameters.first { $0.path.hasSuffix("qujiang.population.age_sex_shares") })
        #expect(parameter.source.hasPrefix("fitted from roster.csv (sha256 ") && parameter.source.contains("n = 5000 people enrolled in 2018"))
        let first = try #require(model.parameters.entries.first { $0.name.hasSuffix("age_sex_shares.female.0") })
        #expect(first.distribution == .gamma(mean: first.value, sd: (first.value / 5000).squareRoot()))
        let households = try #require(fitted.scenario.parameters.first { $0.path.hasSuffix("qujiang.population.household_sizes") })
        #expect(households.source.contains("n = \(members.count) households in 2018"))
    }

    /// The requirement, with its power shown: the fitted overlay puts the extract's per-person cost,
    /// admission share and OOP share inside the central 95% interval of 40 simulated draws (posterior
    /// predictive, each statistic alone inside with probability about 0.95 or more under a right model:
    /// parameter uncertainty widens the interval). The same overlay with the province's age/sex mix
    /// (everything else as fitted) puts at least one of them outside: the check rejects the structure
    /// the model had before counties could have their own.
    @Test func runOfTheFittedOverlayReproducesTheExtract() throws {
        let fitted = try Fitted()
        #expect(fitted.result.unmapped.isEmpty, "every claim maps to a category of the model")
        let model = try #require(fitted.scenario.simulation?.model)
        let report = try fitted.report(model)
        for id in Self.statistics {
            let row = try #require(report.row(id))
            #expect(row.inside == true, "\(id): observed \(row.observed), simulated \(row.lower) – \(row.upper)")
        }
        var provinceMix = model
        provinceMix.population.countyStructures[fitted.county]?.ageSexShares = nil
        let wrong = try fitted.report(provinceMix)
        let outside = Self.statistics.filter { wrong.row($0)?.inside == false }
        #expect(!outside.isEmpty, "with the province's age mix: \(wrong.summary)")
        let judged = { (r: FitReport) in r.rows.filter { $0.inside != nil } }
        print("fitted overlay: \(judged(report).filter { $0.inside == true }.count) of \(judged(report).count) statistics inside; "
              + "with the province's age mix: \(judged(wrong).filter { $0.inside == true }.count) of \(judged(wrong).count) "
              + "(outside: \(outside.joined(separator: ", ")))")
        for id in Self.statistics {
            print("\(id): observed \(report.row(id)!.observed); fitted \(report.row(id)!.lower) – \(report.row(id)!.upper); province mix \(wrong.row(id)!.lower) – \(wrong.row(id)!.upper)")
        }
        print(report.summary + wrong.summary)
    }
}
