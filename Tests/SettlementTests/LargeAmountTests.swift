import ClaimsFile
import PolicyCatalog
import PropertyBased
import Settlement
import Testing

/// Correct or refused, never wrong (issue 15): money arithmetic cannot overflow
/// for any amount a claims file may hold, and the engine stays exact far beyond.
@Suite struct LargeAmountTests {
    /// `amount × rate` rounded half up, computed in 128 bits as the reference.
    static func exact(_ fen: Int64, _ ppm: Int64) -> Int64 {
        Int64((Int128(fen) * Int128(ppm) + 500_000) / 1_000_000)
    }

    @Test func rateApplyIsExactWhereTheOldProductWrapped() {
        // 97,100,000,000.00 yuan at 0.95: 9.71e12 fen × 950,000 ppm is above Int64.max.
        let fen: Int64 = 9_710_000_000_000
        #expect(fen.multipliedReportingOverflow(by: 950_000).overflow)
        #expect(Rate(ppm: 950_000).apply(to: Money(fen: fen)) == Money(fen: 9_224_500_000_000))
        #expect(Rate.one.apply(to: Money(fen: .max)) == Money(fen: .max))
        #expect(Rate(ppm: 500_000).apply(to: Money(fen: .max)) == Money(fen: Self.exact(.max, 500_000)))
        // The ordinary path is unchanged: half a fen rounds up.
        #expect(Rate(ppm: 500_000).apply(to: Money(fen: 1)) == Money(fen: 1))
        #expect(Rate(ppm: 850_000).apply(to: Money(fen: 770_000)) == Money(fen: 654_500))
    }

    @Test func rateApplyMatchesTheWideReferenceForEveryAmount() async {
        await propertyCheck(count: 3_000, input: Gen.int64(in: 0...Int64.max), Gen.int64(in: 0...1_000_000)) { fen, ppm in
            #expect(Rate(ppm: ppm).apply(to: Money(fen: fen)).fen == Self.exact(fen, ppm), "\(fen) × \(ppm) ppm")
        }
    }

    /// Each tier pays between zero and what is unpaid, and everything adds up to
    /// the total, on a person-year of `claims`.
    static func checkInvariants(_ claims: [Claim], engine: SettlementEngine, plan: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        var state = engine.newPersonYear()
        for claim in claims {
            let b = engine.settle(claim, state: &state)
            var unpaid = claim.totalCost
            for payment in b.payments {
                #expect(payment >= .zero && payment <= unpaid, "\(plan): pays \(payment) with \(unpaid) unpaid on \(claim)", sourceLocation: sourceLocation)
                unpaid = unpaid - payment
            }
            #expect(b.outOfPocket == unpaid && b.outOfPocket >= .zero && b.outOfPocket <= claim.totalCost, "\(plan): \(b)", sourceLocation: sourceLocation)
            #expect(b.total == claim.totalCost, sourceLocation: sourceLocation)
        }
    }

    /// The issue's reproducers, settled by the engine directly (a claims file
    /// refuses them: see ClaimsFileValidationTests): every invariant holds.
    @Test(arguments: CaseScenarios.propertyPlans)
    func theIssuesReproducersKeepEveryInvariant(plan name: String) throws {
        let scenario = try CaseScenarios.load(name)
        let engine = try SettlementEngine(plan: scenario.plan, year: scenario.years.lowerBound)
        let claims = [
            Claim(setting: .inpatient, level: .county, inCounty: true, referralCompliant: true,
                  totalCost: Money(fen: 9_710_000_000_000), policyRangeCost: Money(fen: 9_710_000_000_000)),
            Claim(setting: .inpatient, level: .provincial, inCounty: false, referralCompliant: true,
                  totalCost: Money(fen: 99_999_999_999_999), policyRangeCost: Money(fen: 99_999_999_999_999)),
            Claim(setting: .generalOutpatient, level: .township, inCounty: true, referralCompliant: true,
                  totalCost: Money(fen: 18_500_000_000_000), policyRangeCost: Money(fen: 18_500_000_000_000),
                  consultationFee: Money(fen: 1_000)),
            Claim(setting: .majorDisease, level: .provincial, inCounty: false, referralCompliant: true, disease: DiseaseIndex(11),
                  totalCost: Money(fen: 1 << 61), policyRangeCost: Money(fen: 1 << 60)),
        ]
        Self.checkInvariants(claims, engine: engine, plan: name)
    }

    /// Random person-years with every amount up to the documented maximum of a
    /// claims file (1,000,000,000.00 yuan), spread over magnitudes.
    @Test(arguments: CaseScenarios.propertyPlans)
    func invariantsHoldUpToTheDocumentedMaximum(plan name: String) async throws {
        let scenario = try CaseScenarios.load(name)
        let maximum = ClaimsFileSettler.maximumAmount.fen
        let claim = zip(Generators.claim, Gen.int64(in: 0...maximum), Gen.int(in: 0...11), Gen.int(in: 0...100), Gen.int(in: 0...100)).map { c, amount, shift, policyShare, feeShare -> Claim in
            var claim = c
            let total = amount >> shift
            claim.totalCost = Money(fen: total)
            claim.policyRangeCost = Money(fen: Int64((Int128(total) * Int128(policyShare)) / 100))
            claim.consultationFee = c.setting == .generalOutpatient ? Money(fen: Int64((Int128(claim.policyRangeCost.fen) * Int128(feeShare)) / 100)) : .zero
            return claim
        }
        await propertyCheck(count: 300, input: claim.array(of: 1...8), Gen.int(in: 0...3)) { claims, offset in
            let year = scenario.years.lowerBound + offset % scenario.years.count
            Self.checkInvariants(claims, engine: try SettlementEngine(plan: scenario.plan, year: year), plan: name)
        }
    }
}
