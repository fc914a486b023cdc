import SimulationTestSupport
import Testing
@testable import Forecast
@testable import Simulation
import Settlement

/// Capitation pilots (POLICY.md section 6): the pilot's books balance to the
/// fen, the covered people are the documented share, the surplus is unbiased at
/// the mean-cost rate, and the break-even search agrees with a brute-force scan.
@Suite("Capitation pilots")
struct CapitationTests {
    static let years = [2017, 2018]

    /// A pilot in county `county` pooling every tier of the Yunnan-like plan (and the family-doctor fee) at `rate` yuan.
    static func pilot(county: Int = 0, share: Double = 1, rate: Money = Money(yuan: 1400),
                      corridor: RiskCorridor? = RiskCorridor(deficitThreshold: Rate(exactly: 0.05)!, countyShare: Rate(exactly: 0.5)!)) -> CapitationPilot {
        let byYear = Dictionary(uniqueKeysWithValues: years.map { ($0, rate) })
        let funds = TinyPlans.yunnanLike.tiers.enumerated().map { t, tier in
            PooledFund(id: tier.id, tier: t, perCapita: t == 0 ? byYear : Dictionary(uniqueKeysWithValues: years.map { ($0, Money.zero) }))
        } + [PooledFund(id: PooledFund.familyDoctorID, tier: nil, perCapita: Dictionary(uniqueKeysWithValues: years.map { ($0, Money(yuan: 36)) }))]
        return CapitationPilot(id: "p", name: "Pilot", county: county, countyID: "c\(county)", share: share, pooledFunds: funds,
                               riskCorridor: corridor)
    }

    static func runner(_ pilots: [CapitationPilot], seed: UInt64 = 5, draws: Int = 20, threads: Int = 2,
                       only: Set<Int>? = nil, people: [Int] = [3000, 2000, 2500]) throws -> MonteCarloRunner {
        try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(peoplePerCounty: people), fiscal: TinyModel.fiscal,
                             configuration: RunConfiguration(seed: seed, draws: draws, threads: threads, years: years, onlyCounties: only),
                             pilots: pilots)
    }

    static func collect(_ runner: MonteCarloRunner) throws -> (CapitationDraws, [DrawResult]) {
        var store = CapitationDraws(runner: runner)
        var results: [DrawResult] = []
        try runner.run { store.add($0); results.append($0) }
        return (store, results)
    }

    @Test("ledger identity: surplus = budget − payments borne, per draw, to the fen; with share 1 the payments are the county's")
    func ledgerIdentity() throws {
        let pilot = Self.pilot()
        let runner = try Self.runner([pilot])
        let (store, results) = try Self.collect(runner)
        let layout = runner.layout
        let counties = runner.model.population.counties.count
        var deficits = 0
        for (d, result) in results.enumerated() {
            for y in Self.years.indices {
                let a = CapitationAccount(pilot: pilot, year: Self.years[y], row: store.row(draw: d, year: y, pilot: 0),
                                          layout: runner.pilotLayout, familyDoctorFee: Money(yuan: 36))
                let countyRow = (y * counties + 0) * layout.count
                let countyTiers = (0..<4).reduce(Int64(0)) { $0 + Int64((result.values[countyRow + $1] * 100).rounded()) }
                let people = Int64(result.values[countyRow + layout.index(named: "registered_poor")])
                #expect(a.coveredPeople == people)
                #expect(a.tierPayments == countyTiers)
                #expect(a.budget == 1436_00 * people)
                let expenditure = countyTiers + 36_00 * people
                let beyond = expenditure - a.budget - a.budget * 5 / 100
                let county = beyond > 0 ? Rate(exactly: 0.5)!.apply(to: Money(fen: beyond)).fen : 0
                #expect(a.countyPayment == county)
                #expect(a.hospitalSurplus == a.budget - (expenditure - county))
                #expect(a.isDeficit == (expenditure > a.budget))
                if a.isDeficit { deficits += 1 }
            }
        }
        #expect(deficits > 0 && deficits < results.count * Self.years.count, "the test rate should give some deficits and some surpluses")
    }

    @Test("a pilot re-books, never changes, the county's ledger; a share covers ⌊share × people⌋ evenly spread")
    func coverageAndUnchangedLedger() throws {
        let (store, withPilot) = try Self.collect(Self.runner([Self.pilot(share: 0.37)]))
        var plain: [DrawResult] = []
        try Self.runner([]).run { plain.append($0) }
        #expect(withPilot.map(\.values) == plain.map(\.values))
        let coverage = PilotCoverage(people: 3000, share: 0.37)
        #expect(coverage.covered == 1110 && (0..<3000).filter(coverage.covers).count == 1110)
        #expect((0..<1500).filter(coverage.covers).count == 555)  // evenly spread, not the first 1110
        for d in withPilot.indices {
            #expect(store.value(draw: d, year: 0, pilot: 0, item: store.layout.coveredPeople) == 1110)
        }
    }

    @Test("running only the pilot's county gives the same pilot rows, for 1 and 2 threads")
    func onlyPilotCounties() throws {
        let pilot = Self.pilot(county: 1, share: 0.5)
        let (full, _) = try Self.collect(Self.runner([pilot], threads: 2))
        let (only, _) = try Self.collect(Self.runner([pilot], threads: 1, only: [1]))
        #expect(full.draws == only.draws)
        #expect(full.table().text == only.table().text)
    }

    @Test("at the simulated mean cost per covered person, the mean surplus of fresh draws is 0 within 4 standard errors")
    func unbiasedAtMeanCost() throws {
        let probe = Self.pilot(corridor: nil)
        let (first, _) = try Self.collect(Self.runner([probe], seed: 101, draws: 150, only: [0]))
        let accounts = first.search(year: 0, pilot: 0).accounts
        let expenditure = accounts.reduce(Int64(0)) { $0 + $1.expenditure }
        let covered = accounts.reduce(Int64(0)) { $0 + $1.coveredPeople }
        let meanCost = Money(fen: Int64((Double(expenditure) / Double(covered)).rounded()))  // includes the 36-yuan fee
        let pilot = Self.pilot(rate: meanCost - Money(yuan: 36), corridor: nil)
        let (second, _) = try Self.collect(Self.runner([pilot], seed: 202, draws: 150, only: [0]))
        let surplus = second.search(year: 0, pilot: 0).accounts.map { Double($0.hospitalSurplus) / 100 }
        let n = Double(surplus.count)
        let mean = surplus.reduce(0, +) / n
        let sd = (surplus.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let standardError = sd / n.squareRoot()
        #expect(abs(mean) <= 4 * standardError, "mean surplus \(mean), standard error \(standardError)")
        // Not vacuous: a rate 3% off would be rejected.
        #expect(0.03 * meanCost.yuan * 3000 > 4 * standardError)
    }

    @Test("break-even rate: 1% ≥ 5% ≥ 10%, equal to a brute-force scan to the fen, and the order statistic it estimates")
    func breakEvenMatchesBruteForce() throws {
        let (store, _) = try Self.collect(Self.runner([Self.pilot(share: 0.2)], draws: 60, only: [0]))
        let search = store.search(year: 1, pilot: 0)
        let estimates = [0.01, 0.05, 0.10].map { search.breakEven(targetRisk: $0) }
        #expect(estimates[0].rateFen >= estimates[1].rateFen && estimates[1].rateFen >= estimates[2].rateFen)
        #expect(estimates[0].rateFen > estimates[2].rateFen)
        let costs = search.costPerCovered.sorted()
        for estimate in estimates {
            // Brute-force grid: step the rate up a yuan at a time from below the cheapest draw,
            // then a fen at a time over the last yuan.
            var rate = Int64((costs.first! * 100).rounded(.down)) - 1
            while search.deficitProbability(rate: rate) > estimate.targetRisk { rate += 100 }
            rate -= 100
            while search.deficitProbability(rate: rate) > estimate.targetRisk { rate += 1 }
            #expect(estimate.rateFen == rate)
            #expect(search.deficitProbability(rate: rate - 1) > estimate.targetRisk)
            let orderStatistic = costs[costs.count - 1 - estimate.tailDraws]
            #expect(abs(estimate.rate - orderStatistic) <= 0.01)
            #expect(estimate.standardError > 0 && estimate.standardError.isFinite)
        }
    }

    @Test("the income-line audit finds no covered person above the line, though many reach it")
    func incomeLineHolds() throws {
        let (store, results) = try Self.collect(Self.runner([Self.pilot()], draws: 10, only: [0], people: [20000, 10, 10]))
        let layout = try Self.runner([]).layout
        var atLine = 0.0
        for (d, result) in results.enumerated() {
            for y in Self.years.indices {
                #expect(store.value(draw: d, year: y, pilot: 0, item: store.layout.incomeLineViolations) == 0)
                atLine += result.values[(y * 3) * layout.count + layout.index(named: "people_at_income_line")]
            }
        }
        #expect(atLine > 0, "no covered person reached the line: the check would be vacuous")
        #expect(store.table().text.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",0") })
    }
}
