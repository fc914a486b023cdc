import Settlement
import Simulation

/// Small hand-built models for the simulation tests: a few counties, a few
/// thousand people, so that many draws run in well under a second.
public enum TinyModel {
    /// A model with every part switched on (outpatient, conditions, admissions),
    /// used by the reproducibility and accounting tests.
    public static func full(peoplePerCounty: [Int] = [3000, 2000, 2500]) -> SimulationModel {
        var table = ParameterTable()
        func p(_ name: String, _ value: Double, _ distribution: ParameterDistribution? = nil) -> ParameterID {
            table.add(ModelParameter(name: name, value: value, unit: "x", source: "test", distribution: distribution))
        }
        let population = population(&table, peoplePerCounty)
        let go = GeneralOutpatientModel(visitsPerYear: [p("v0", 3), p("v1", 4), p("v2", 7)], costPerVisit: p("c", 85, .lognormal(mean: 85, sd: 8)),
                                        costCV: p("cv", 0.9), consultationFeePerVisit: p("fee", 10), policyRangeShare: p("pr", 0.9))
        let ip = InpatientModel(admissionsPerYear: [p("a0", 0.08), p("a1", 0.13), p("a2", 0.38, .gamma(mean: 0.38, sd: 0.03))],
                                levelWeights: [p("w0", 0.3), p("w1", 0.5), p("w2", 0.15), p("w3", 0.05)],
                                costMean: [p("m0", 1900), p("m1", 6015), p("m2", 10000), p("m3", 13306)],
                                costCV: [p("s0", 0.8), p("s1", 1), p("s2", 1.1), p("s3", 1.2)],
                                policyRangeShare: [p("r0", 0.95), p("r1", 0.9), p("r2", 0.85), p("r3", 0.8)],
                                inCountyProbability: [p("i0", 1), p("i1", 1), p("i2", 0), p("i3", 0)],
                                compliantInCounty: p("ci", 0.97), compliantOutOfCounty: p("co", 0.85, .beta(mean: 0.85, sd: 0.04)))
        let catalog = PolicyCatalogShim.self
        let conditions = [
            ConditionModel(code: "hypertension", disease: catalog.index("hypertension"), setting: .chronicOutpatient,
                           annualProbability: [p("h0", 0), p("h1", 0.05), p("h2", 0.16)], sexFactor: [p("hf", 1), p("hm", 1)],
                           costMean: p("hc", 1200), costCV: p("hv", 0.8), level: .county, policyRangeShare: p("hp", 0.9)),
            ConditionModel(code: "esrd", disease: catalog.index("esrd"), setting: .majorDisease,
                           annualProbability: [p("e0", 0.001), p("e1", 0.004), p("e2", 0.008)], sexFactor: [p("ef", 1), p("em", 1)],
                           costMean: p("ec", 60000), costCV: p("ev", 0.2), level: .county, policyRangeShare: p("ep", 1)),
            ConditionModel(code: "chd_vsd", disease: catalog.index("chd_vsd"), setting: .majorDisease,
                           annualProbability: [p("d0", 0.002), p("d1", 0), p("d2", 0)], sexFactor: [p("df", 1), p("dm", 1)],
                           costMean: p("dc", 30000), costCV: p("dv", 0), level: .prefecture, policyRangeShare: p("dp", 1)),
        ]
        let growth = p("g", 0.06)  // registered before the table is copied into the model
        return SimulationModel(parameters: table, population: population, generalOutpatient: go, inpatient: ip,
                               conditions: conditions, costGrowth: growth, costBaseYear: 2018)
    }

    /// Only general outpatient visits (Poisson `visits`, gamma cost of mean `cost`), no fee, policy range = total.
    public static func outpatientOnly(visits: Double, cost: Double, peoplePerCounty: [Int]) -> SimulationModel {
        var table = ParameterTable()
        func p(_ name: String, _ value: Double) -> ParameterID {
            table.add(ModelParameter(name: name, value: value, unit: "x", source: "test"))
        }
        let population = population(&table, peoplePerCounty)
        let zero = p("zero", 0)
        let go = GeneralOutpatientModel(visitsPerYear: [p("v", visits), p("v1", visits), p("v2", visits)], costPerVisit: p("c", cost),
                                        costCV: p("cv", 0.9), consultationFeePerVisit: zero, policyRangeShare: p("pr", 1))
        let ip = InpatientModel(admissionsPerYear: [zero, zero, zero], levelWeights: [p("w", 1), zero, zero, zero],
                                costMean: [p("m", 1000), p("m1", 1000), p("m2", 1000), p("m3", 1000)],
                                costCV: [p("s", 1), p("s1", 1), p("s2", 1), p("s3", 1)],
                                policyRangeShare: [p("r", 1), p("r1", 1), p("r2", 1), p("r3", 1)],
                                inCountyProbability: [p("i", 1), p("i1", 1), p("i2", 1), p("i3", 1)],
                                compliantInCounty: p("ci", 1), compliantOutOfCounty: p("co", 1))
        return SimulationModel(parameters: table, population: population, generalOutpatient: go, inpatient: ip,
                               conditions: [], costGrowth: zero, costBaseYear: 2017)
    }

    public static func population(_ table: inout ParameterTable, _ people: [Int]) -> PopulationModel {
        let prefectures = [RegionName(id: "north", name: "North", chineseName: "北州"), RegionName(id: "south", name: "South", chineseName: "南州")]
        let counties = people.enumerated().map { i, n in
            CountySpec(region: RegionName(id: "c\(i)", name: "County \(i)", chineseName: "县\(i)"), prefecture: i == 0 ? 0 : 1, registeredPoor: n)
        }
        let shares: [[Double]] = [[0.1, 0.1], [0.1, 0.1], [0.15, 0.15], [0.1, 0.1], [0.05, 0.05]]
        var inPoverty: [Int: ParameterID] = [:]
        for (year, share) in [(2017, 0.7), (2018, 0.4), (2019, 0.1), (2020, 0.0)] {
            inPoverty[year] = table.add(ModelParameter(name: "in_poverty.\(year)", value: share, unit: "share", source: "test"))
        }
        return PopulationModel(prefectures: prefectures, counties: counties, ageBandLowerBounds: [0, 15, 35, 60, 75],
                               ageSexShares: shares, inPovertyShare: inPoverty, householdSizeShares: [0.2, 0.3, 0.3, 0.2])
    }

    /// Yunnan-like fiscal rules (POLICY.md section 5 defaults).
    public static let fiscal = FiscalParameters(
        provincialSubsidies: [.medicalAssistance: Money(yuan: 10), .backstop: Money(yuan: 60)],
        individualPremium: [2017: Money(yuan: 180), 2018: Money(yuan: 220), 2019: Money(yuan: 250), 2020: Money(yuan: 280)],
        familyDoctor: FamilyDoctorFee(fee: Money(yuan: 36), publicHealth: Money(yuan: 12), insuranceFund: Money(yuan: 12), individual: Money(yuan: 12)),
        provinceShare: PovertyStatusShares(inPoverty: Rate(ppm: 600_000), exitedPoverty: Rate(ppm: 400_000)),
        prefectureShareOfRest: Rate(ppm: 200_000),
        perPersonPayments: [PerPersonPayment(id: "checkup", name: "Check-up", payer: .healthPovertySpecialFund, amount: Money(yuan: 150))])
}

import PolicyCatalog

/// Catalog lookups for the test models.
public enum PolicyCatalogShim {
    public static func index(_ code: String) -> DiseaseIndex { DiseaseCatalog.standard.diseaseIndex(of: code)! }
}
