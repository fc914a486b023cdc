import Foundation
import Settlement
import Testing

/// Runs every hand-worked case of `Cases/` through the engine and compares each
/// tier's payment and the out-of-pocket to the fen. The cases are data: an
/// analyst adds a YAML file, not Swift (format in `Cases/README.md`).
@Suite struct CaseRunnerTests {
    /// The case files, sorted, so each shows as its own test argument.
    static let caseFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.casesDirectory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }()

    /// Guards against the parameterised test silently running nothing (wrong
    /// directory, files renamed) and against the suite shrinking.
    @Test func atLeastThirtyCasesAreFound() throws {
        var count = 0
        for file in Self.caseFiles {
            count += try CaseParser.cases(inFile: TestPaths.casesDirectory + "/" + file, name: file).count
        }
        #expect(count >= 30, "found \(count) cases in \(TestPaths.casesDirectory)")
    }

    @Test(arguments: caseFiles)
    func caseSettlesAsWorkedByHand(file: String) throws {
        for settlementCase in try CaseParser.cases(inFile: TestPaths.casesDirectory + "/" + file, name: file) {
            try check(settlementCase)
        }
    }

    func check(_ c: SettlementCase) throws {
        let scenario = try CaseScenarios.load(c.scenario)
        let tierIDs = scenario.plan.tiers.map(\.id)
        let columns = tierIDs + ["out_of_pocket"]
        let defaultYear = c.year ?? scenario.years.lowerBound

        var engines: [Int: SettlementEngine] = [:]
        var input: [PersonClaim] = []
        for claim in c.claims {
            let year = claim.year ?? defaultYear
            guard scenario.years.contains(year) else {
                Issue.record("\(c.name) claim \(claim.number): year \(year) outside the scenario's years \(scenario.years)")
                return
            }
            if engines[year] == nil { engines[year] = try SettlementEngine(plan: scenario.plan, year: year) }
            input.append(PersonClaim(person: claim.person, year: year, claim: claim.claim))
        }

        // The expected amounts must name exactly the scenario's tiers: a missing
        // tier would go unchecked, an unknown one is a typo.
        for (i, row) in c.expected.enumerated() {
            let unknown = Set(row.keys).subtracting(columns)
            let missing = Set(columns).subtracting(row.keys)
            if !unknown.isEmpty || !missing.isEmpty {
                Issue.record("\(c.name) claim \(i + 1): expected names \(unknown.sorted()) not tiers of '\(c.scenario)', lacks \(missing.sorted()); the columns are \(columns)")
                return
            }
            // A hand computation that does not add up is wrong before the engine is asked.
            let sum = row.values.reduce(Money.zero, +)
            if sum != c.claims[i].claim.totalCost {
                Issue.record("\(c.name) claim \(i + 1): expected amounts sum to \(sum), not the total cost \(c.claims[i].claim.totalCost)")
            }
        }

        let results = settleInOrder(input, engines: engines)
        for (i, breakdown) in results.enumerated() {
            let claim = c.claims[i]
            var actual: [String: Money] = ["out_of_pocket": breakdown.outOfPocket]
            for (t, id) in tierIDs.enumerated() { actual[id] = breakdown.payments[t] }
            for column in columns where c.expected[i][column] != actual[column] {
                Issue.record("\(c.name) claim \(claim.number) (line \(claim.line), person \(claim.person)): \(column) expected \(c.expected[i][column]!), actual \(actual[column]!)")
            }
        }
    }
}
