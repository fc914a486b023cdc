import SimulationTestSupport
import Testing
@testable import Forecast
@testable import Simulation
import RandomStreams
import Settlement

/// People are simulated in households: members share county and poverty
/// status, sizes follow the scenario's distribution, household counts add up
/// from counties to the province, and a household is "with illness" when a
/// member has a catalog chronic/major condition or a catastrophic year.
@Suite("Households")
struct HouseholdTests {
    @Test("members of a household share its poverty status; every person has one household; sizes add up to the people")
    func membersShareStatus() {
        let population = TinyModel.full().population
        let cells = population.baseCells(county: 0, inPovertyShare: 0.7)
        var stream = RandomStream(key: StreamKey(seed: 1, purpose: .population, draw: 0, county: 0, year: 2017, person: 0))
        var households = HouseholdAssignment()
        households.assign(cells: cells, population: population, sizes: Categorical(weights: [0.2, 0.3, 0.3, 0.2]), stream: &stream)
        #expect(households.householdOf.count == cells.reduce(0, +))
        var sizes = [Int](repeating: 0, count: households.count)
        var person = 0
        for band in population.ageBandLowerBounds.indices {
            for sex in Sex.allCases {
                for status in PovertyStatus.allCases {
                    for _ in 0..<cells[population.cell(band: band, sex: sex, status: status)] {
                        let h = Int(households.householdOf[person])
                        #expect(households.status[h] == status)
                        sizes[h] += 1
                        person += 1
                    }
                }
            }
        }
        #expect(sizes.allSatisfy { $0 >= 1 && $0 <= 4 })
        // Members are a random mix of ages: some household spans more than one age band.
        #expect(Set(households.householdOf.prefix(50)).count > 10)
    }

    @Test("the mean household size matches the distribution within 4 standard errors, and a 5% error is rejected")
    func sizeDistribution() {
        let shares = [0.09, 0.17, 0.23, 0.24, 0.16, 0.07, 0.04]
        let mean = shares.enumerated().map { Double($0.offset + 1) * $0.element }.reduce(0, +)
        let variance = shares.enumerated().map { pow2(Double($0.offset + 1) - mean) * $0.element }.reduce(0, +)
        let population = TinyModel.full(peoplePerCounty: [200_000]).population
        let cells = population.baseCells(county: 0, inPovertyShare: 0.5)
        var stream = RandomStream(key: StreamKey(seed: 2, purpose: .population, draw: 0, county: 0, year: 2017, person: 0))
        var households = HouseholdAssignment()
        households.assign(cells: cells, population: population, sizes: Categorical(weights: shares), stream: &stream)
        // Two truncated last households (one per status) at most; the rest are i.i.d. draws.
        let observed = Double(cells.reduce(0, +)) / Double(households.count)
        let standardError = (variance / Double(households.count)).squareRoot() + 2 * 7 / Double(households.count)
        #expect(abs(observed - mean) <= 4 * standardError, "mean size \(observed), expected \(mean) ± \(standardError)")
        #expect(abs(observed - mean * 1.05) > 4 * standardError)
    }

    func pow2(_ x: Double) -> Double { x * x }

    /// The assignment computes its words eight blocks at a time, the sizes in batches: the
    /// same households, statuses and stream position as drawing every number one at a time
    /// (``referenceAssign``, the algorithm as first written), on random populations and size
    /// distributions (some sizes impossible, one-person households only, empty statuses).
    @Test("batched words give exactly the one-at-a-time assignment, and leave the stream where it would")
    func batchedMatchesOneAtATime() {
        var inputs = RandomStream(key: StreamKey(seed: 9, purpose: .population, draw: 0, county: 0, year: 0, person: 0))
        var households = HouseholdAssignment()
        for trial in 0..<60 {
            let people = trial < 3 ? [0, 1, 2][trial] : Int(inputs.nextUInt32() % 20_000)
            let population = TinyModel.full(peoplePerCounty: [people]).population
            let share = trial % 7 == 0 ? 1.0 : Double(inputs.nextUInt32() % 101) / 100
            let cells = population.baseCells(county: 0, inPovertyShare: share)
            // Up to 30 sizes on every fourth trial: households longer than one vector of places.
            let k = 1 + Int(inputs.nextUInt32() % (trial % 4 == 1 ? 30 : 9))
            let weights = (0..<k).map { i in i == 0 || inputs.nextUInt32() % 4 != 0 ? inputs.nextDouble() : 0 }
            let sizes = Categorical(weights: weights)
            let key = StreamKey(seed: UInt64(trial), purpose: .population, draw: 1, county: 2, year: 2017, person: 0)
            var stream = RandomStream(key: key)
            var reference = RandomStream(key: key)
            // From any position of the stream, not only a block boundary.
            for _ in 0 ..< trial % 5 {
                _ = stream.nextUInt32()
                _ = reference.nextUInt32()
            }
            households.assign(cells: cells, population: population, sizes: sizes, stream: &stream)
            let expected = Self.referenceAssign(cells: cells, population: population, sizes: sizes, stream: &reference)
            #expect(households.householdOf == expected.householdOf, "trial \(trial)")
            #expect(households.status == expected.status, "trial \(trial)")
            #expect(households.count == expected.status.count, "trial \(trial)")
            #expect(stream.nextUInt32() == reference.nextUInt32(), "trial \(trial): stream position")
        }
    }

    /// ``HouseholdAssignment/assign(cells:population:sizes:stream:)`` with every number
    /// drawn one at a time from the stream (sizes by ``Categorical/sample(_:)``, then the
    /// Fisher–Yates words by ``RandomStream/nextUInt32()``): the reference it must equal.
    static func referenceAssign(cells: [Int], population: PopulationModel, sizes: Categorical, stream: inout RandomStream)
        -> (householdOf: [Int32], status: [PovertyStatus]) {
        var status: [PovertyStatus] = []
        var byStatus: [[Int32]] = []
        for s in PovertyStatus.allCases {
            var n = 0
            for band in population.ageBandLowerBounds.indices {
                for sex in Sex.allCases { n += cells[population.cell(band: band, sex: sex, status: s)] }
            }
            var slots: [Int32] = []
            var left = n
            while left > 0 {
                let size = min(left, sizes.sample(&stream) + 1)
                slots += repeatElement(Int32(status.count), count: size)
                status.append(s)
                left -= size
            }
            var i = slots.count - 1
            while i > 0 {
                let j = Int((UInt64(stream.nextUInt32()) * UInt64(i + 1)) >> 32)
                slots.swapAt(i, j)
                i -= 1
            }
            byStatus.append(slots)
        }
        var householdOf: [Int32] = []
        var next = [Int](repeating: 0, count: PovertyStatus.allCases.count)
        for band in population.ageBandLowerBounds.indices {
            for sex in Sex.allCases {
                for s in PovertyStatus.allCases {
                    let n = cells[population.cell(band: band, sex: sex, status: s)]
                    householdOf += byStatus[s.rawValue][next[s.rawValue] ..< next[s.rawValue] + n]
                    next[s.rawValue] += n
                }
            }
        }
        return (householdOf, status)
    }

    @Test("household counts add up from the counties to the province; with illness ≤ households; share in [0, 1]")
    func countsAddUp() throws {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 4, draws: 2, threads: 1, years: [2017, 2018]),
                                          catastrophicShare: 0.4)
        let regions = RegionTable(population: runner.model.population, provinceID: "p", provinceName: "Province")
        let items = ForecastItems(runner: runner)
        let rowsBuilder = RegionRows(regions: regions, items: items, years: [2017, 2018], countyCount: 3)
        let h = items.names.firstIndex(of: "households")!, ill = items.names.firstIndex(of: "households_with_illness")!
        let share = items.names.firstIndex(of: "share_households_with_illness")!
        let province = try #require(regions.regions.firstIndex { $0.level == .province })
        for draw in 0..<2 {
            let rows = rowsBuilder.rows(of: runner.simulate(draw: draw))
            for y in 0..<2 {
                var households = 0.0, withIllness = 0.0
                for r in regions.countyRegion {
                    let row = rowsBuilder.index(year: y, region: r, item: 0)
                    #expect(rows[row + ill] <= rows[row + h] && rows[row + h] > 0)
                    households += rows[row + h]
                    withIllness += rows[row + ill]
                }
                let p = rowsBuilder.index(year: y, region: province, item: 0)
                #expect(rows[p + h] == households)
                #expect(rows[p + ill] == withIllness)
                #expect(withIllness > 0)
                #expect(abs(rows[p + share] - withIllness / households) < 1e-12)
            }
        }
    }

    @Test("with illness: every household when everyone has a catalog condition; none without conditions or a threshold")
    func illnessDefinition() throws {
        var everyone = TinyModel.full(peoplePerCounty: [300])
        var table = everyone.parameters
        let one = table.add(ModelParameter(name: "one", value: 1, unit: "probability", source: "test"))
        everyone.parameters = table
        everyone.conditions[0].annualProbability = [one, one, one]   // hypertension, a chronic-outpatient condition
        func households(_ model: SimulationModel, catastrophic: Double?) throws -> (Double, Double) {
            let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: model, fiscal: TinyModel.fiscal,
                                              configuration: RunConfiguration(seed: 4, draws: 1, threads: 1, years: [2017]),
                                              catastrophicShare: catastrophic)
            let values = runner.simulate(draw: 0).values
            return (values[runner.layout.index(named: "households")], values[runner.layout.index(named: "households_with_illness")])
        }
        let (all, allIll) = try households(everyone, catastrophic: 0.4)
        #expect(all > 0 && allIll == all)
        var nobody = TinyModel.full(peoplePerCounty: [300])
        nobody.conditions = []
        let (none, noneIll) = try households(nobody, catastrophic: nil)
        #expect(none > 0 && noneIll == 0)
    }
}
