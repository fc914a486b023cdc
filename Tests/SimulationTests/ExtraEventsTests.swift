import Foundation
import SimulationTestSupport
import Testing
import RandomStreams
@testable import Simulation

/// The person-year's events beyond general outpatient are sampled in one uniform when
/// nothing happens and conditionally on "something" otherwise
/// (``YearTables/extraEvents(row:diseaseState:uniform:stream:)``). That must reproduce
/// the model's independent events: catalog conditions (none with probability N₀), a
/// new case (onset rate), admissions (Poisson λ), each marginal and each pair.
@Suite("Events beyond general outpatient")
struct ExtraEventsTests {
    struct Tally {
        var n = 0
        var condition = 0, newCase = 0, admitted = 0, admissions = 0
        var conditionAndNewCase = 0, conditionAndAdmitted = 0, newCaseAndAdmitted = 0, nothing = 0
    }

    static func tally(_ tables: YearTables, row: Int, diseaseState: Int, n: Int, seed: UInt64) -> Tally {
        var t = Tally(n: n)
        var stream = RandomStream(key: StreamKey(seed: seed, purpose: .healthCareUse, draw: 0, county: 0, year: 0, person: 0))
        for _ in 0..<n {
            let e = tables.extraEvents(row: row, diseaseState: diseaseState, uniform: stream.nextDouble32(), stream: &stream)
            let c = tables.nextCondition(row: row, from: 0, uniform: e.conditionUniform) != nil
            let o = e.onsetUniform.map { tables.onsetState(group: row / 2, uniform: $0) > 0 } ?? false
            let a = e.admissions > 0
            if c { t.condition += 1 }
            if o { t.newCase += 1 }
            if a { t.admitted += 1 }
            t.admissions += e.admissions
            if c && o { t.conditionAndNewCase += 1 }
            if c && a { t.conditionAndAdmitted += 1 }
            if o && a { t.newCaseAndAdmitted += 1 }
            if !c && !o && !a { t.nothing += 1 }
        }
        return t
    }

    /// Whether a frequency `count / n` agrees with `p` within 5 standard errors (binomial).
    static func agrees(_ count: Int, _ n: Int, _ p: Double) -> Bool {
        abs(Double(count) / Double(n) - p) <= 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-12
    }

    @Test("marginal and pairwise frequencies of conditions, new cases and admissions match independent events within 5 standard errors")
    func frequencies() {
        let model = FastPathTests.model()
        let tables = YearTables(model: model, parameters: model.parameters.pointValues, year: 2018)
        let n = 400_000
        // Row 5: elderly men. Unlinked conditions: hypertension 0.16, esrd 0.008, chd_vsd 0; new case 0.06; λ = 0.38.
        let pCondition = 1 - 0.84 * 0.992, pNewCase = 0.06, lambda = 0.38, pAdmitted = 1 - exp(-0.38)
        let t = Self.tally(tables, row: 5, diseaseState: 0, n: n, seed: 21)
        #expect(Self.agrees(t.condition, n, pCondition))
        #expect(Self.agrees(t.newCase, n, pNewCase))
        #expect(Self.agrees(t.admitted, n, pAdmitted))
        #expect(Self.agrees(t.conditionAndNewCase, n, pCondition * pNewCase))
        #expect(Self.agrees(t.conditionAndAdmitted, n, pCondition * pAdmitted))
        #expect(Self.agrees(t.newCaseAndAdmitted, n, pNewCase * pAdmitted))
        #expect(Self.agrees(t.nothing, n, (1 - pCondition) * (1 - pNewCase) * (1 - pAdmitted)))
        // Admissions per person: Poisson variance λ.
        #expect(abs(Double(t.admissions) / Double(n) - lambda) <= 5 * (lambda / Double(n)).squareRoot())
        // The bounds are not vacuous: a 5% error in any marginal would be rejected.
        #expect(!Self.agrees(t.condition, n, pCondition * 1.05))
        #expect(!Self.agrees(t.newCase, n, pNewCase * 1.05))
        #expect(!Self.agrees(t.admitted, n, pAdmitted * 1.05))
    }

    @Test("a person in a disease state: conditions and admissions unconditional, no new case")
    func inAState() {
        let model = FastPathTests.model()
        let tables = YearTables(model: model, parameters: model.parameters.pointValues, year: 2018)
        let n = 200_000
        let t = Self.tally(tables, row: 3, diseaseState: 1, n: n, seed: 22)  // adult men: hypertension 0.05, esrd 0.004; λ = 0.13
        #expect(Self.agrees(t.condition, n, 1 - 0.95 * 0.996))
        #expect(t.newCase == 0)
        #expect(Self.agrees(t.admitted, n, 1 - exp(-0.13)))
        #expect(Self.agrees(t.conditionAndAdmitted, n, (1 - 0.95 * 0.996) * (1 - exp(-0.13))))
    }
}
