import Foundation
import Testing
@testable import Scenario
import Settlement
import Simulation

/// Tiers, payers and ledger items tie the plan to the fiscal ledger and the forecast's
/// tables; a scenario that names them wrongly is refused at the line of the mistake.
@Suite struct TypedIdentityTests {
    typealias M = MalformedScenarioTests

    func failure(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioError? {
        M().failure(yaml, sourceLocation: sourceLocation)
    }

    @Test("a provincial subsidy for a tier whose payer the province does not subsidise is refused at its line")
    func subsidyForANonSubsidisableTier() throws {
        let bad = "  provincial_subsidies: {basic_insurance: {value: 60, unit: yuan_per_person_year, source: assumed}}"
        let e = try #require(failure(M.replacing(31, with: bad)))
        #expect(e.line == 31)
        #expect(e.field == "fiscal.provincial_subsidies.basic_insurance")
        #expect(e.message.contains("paid by insurance_fund, which the province does not subsidise"))
        #expect(e.message.contains("county_government (backstop)"))
    }

    @Test("the subsidy of a tier paid by the county government is its backstop subsidy, whatever the tier's id")
    func subsidyFollowsThePayerNotTheTierID() throws {
        let text = MalformedScenarioTests.valid.replacingOccurrences(of: "- id: backstop", with: "- id: county_top_up")
            .replacingOccurrences(of: "{backstop: {value: 60", with: "{county_top_up: {value: 60")
        let scenario = try ScenarioLoader.load(yaml: text, sourceName: "renamed.yaml")
        #expect(scenario.fiscal.provincialSubsidies == [.backstop: Money(yuan: 60)])
    }

    @Test("two subsidies for the tiers of one payer are refused at the second")
    func secondSubsidyForOneFund() throws {
        let text = M.replacing(10, with: "    payer: county_government")
        let bad = "  provincial_subsidies: {backstop: {value: 60, unit: yuan_per_person_year, source: assumed}, basic_insurance: {value: 1, unit: yuan_per_person_year, source: assumed}}"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[30] = bad
        let e = try #require(failure(lines.joined(separator: "\n")))
        #expect(e.line == 31)
        #expect(e.field == "fiscal.provincial_subsidies.basic_insurance")
        #expect(e.message.contains("a second provincial subsidy for the tiers paid by county_government"))
    }

    @Test("a tier's payer that does not exist is refused at its line")
    func unknownTierPayer() throws {
        let e = try #require(failure(M.replacing(10, with: "    payer: insurance_fnd")))
        #expect(e.line == 10)
        #expect(e.field == "tiers[basic_insurance].payer")
        #expect(e.message.contains("unknown payer 'insurance_fnd'") && e.message.contains("county_government"))
    }

    @Test("a per-person payment's payer that does not exist is refused at its line")
    func unknownPaymentPayer() throws {
        let text = M.valid + """
          per_person_payments:
            - {id: checkup, name: "Check-up", payer: special_fnd, amount: {value: 150, unit: yuan_per_person_year, source: assumed}}

        """
        let e = try #require(failure(text))
        #expect(e.line == 36)
        #expect(e.field == "fiscal.per_person_payments[0].payer")
        #expect(e.message.contains("unknown payer 'special_fnd'"))
    }

    /// Every name the forecast's `item` column already uses: ledger items, derived indicators, a per-person payment.
    static let reservedNames = LedgerLayout.fixed + DerivedIndicator.allCases.map(\.name) + ["per_person_checkup"]

    @Test("a tier id equal to a ledger item, a derived indicator or a per-person item is refused at its line",
          arguments: reservedNames)
    func tierIDEqualToAnOutputItem(name: String) throws {
        let e = try #require(failure(M.replacing(21, with: "  - id: \(name)")))
        #expect(e.line == 21)
        #expect(e.field == "tiers[\(name)].id")
        #expect(e.message.contains("tier id '\(name)' is also"))
    }

    @Test("the reserved names cover every ledger item and indicator")
    func reservedNamesCoverEverything() {
        #expect(LedgerLayout.fixed.count == LedgerItem.allCases.count - 1 + LedgerLayout.claimItems.count)
        #expect(Set(Self.reservedNames).count == Self.reservedNames.count)
    }
}
