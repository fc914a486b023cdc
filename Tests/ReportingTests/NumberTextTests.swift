import Foundation
import Testing
@testable import Reporting
import RandomStreams

@Suite struct NumberTextTests {
    @Test(arguments: [
        (0.0, "0.00"), (1.0, "1.00"), (0.125, "0.13"), (-0.125, "-0.13"), (0.375, "0.38"),
        (2.5, "2.50"), (1.005, "1.00"), (0.285, "0.28"), (1.015, "1.01"), (123456.789, "123456.79"),
        (0.995, "0.99"), (0.9950000000000001, "1.00"), (9.999, "10.00"), (-9.995, "-9.99"),
        (-0.004, "0.00"), (-0.005, "-0.01"), (0.005, "0.01"), (1e15 + 0.25, "1000000000000000.25"),
        (4503599627370495.5, "4503599627370495.50"), (12345678901234567.0, "12345678901234568.00"),
    ])
    func moneyRoundsExactValueHalfAwayFromZero(value: Double, expected: String) {
        #expect(NumberText.money(value) == expected)
    }

    @Test func moneyAgreesWithExactDecimalReference() {
        // Reference: decide the rounding from the exact decimal expansion of
        // the double, computed with integer arithmetic (value = m·2^e).
        var g = SplitMix64(seed: 99)
        for _ in 0..<20_000 {
            let cents = Double(Int64(g.next() % 2_000_000_000) - 1_000_000_000)
            let value = (cents + Double(g.next() % 9) / 8) / 100  // many exact and near ties
            #expect(NumberText.money(value) == referenceMoney(value), "\(value)")
        }
    }

    /// Exact reference for |value| < 2^53/1000: value·2^k is an integer for
    /// some k ≤ 60, so value·100 = N/2^k exactly with N an integer.
    private func referenceMoney(_ value: Double) -> String {
        let magnitude = Swift.abs(value)
        var k = 0
        var scaled = magnitude
        while scaled != scaled.rounded(.towardZero) { scaled *= 2; k += 1 }
        // magnitude·100 = scaled·100 / 2^k; scaled < 2^63 here.
        let numerator = UInt64(scaled).multipliedFullWidth(by: 100)
        let wide = (UInt128(numerator.high) << 64) | UInt128(numerator.low)
        let quotient = wide >> k
        let remainder = wide - (quotient << k)
        let half = k == 0 ? 1 : UInt128(1) << (k - 1)
        let cents = quotient + (k > 0 && remainder >= half ? 1 : 0)
        let sign = value < 0 && cents != 0 ? "-" : ""
        let c = cents % 100
        return sign + String(cents / 100) + (c < 10 ? ".0" : ".") + String(c)
    }

    @Test(arguments: [
        (Int64(0), "0.00"), (5, "0.05"), (-5, "-0.05"), (100, "1.00"), (12345, "123.45"),
        (-12345, "-123.45"), (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func fenFormatting(fen: Int64, expected: String) {
        #expect(NumberText.money(fen: fen) == expected)
    }

    @Test func fixedDecimalsAndSpecialValues() {
        #expect(NumberText.fixed(2.5, decimals: 0) == "3")
        #expect(NumberText.fixed(-2.5, decimals: 0) == "-3")
        #expect(NumberText.fixed(0.0001234, decimals: 6) == "0.000123")
        #expect(NumberText.fixed(3.14159, decimals: 4) == "3.1416")
        #expect(NumberText.money(.nan) == "nan")
        #expect(NumberText.money(-.infinity) == "-inf")
    }

    @Test func shortestRoundTrips() {
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(1) == "1.0")
        var g = SplitMix64(seed: 3)
        for _ in 0..<1_000 {
            let x = Double(bitPattern: g.next() >> 2)
            #expect(Double(NumberText.shortest(x))?.bitPattern == x.bitPattern)
        }
    }
}

@Suite struct NumberTextAppendFixedTests {
    /// `appendFixed` writes the bytes of `fixed` for random values of every magnitude
    /// (and ±0, halves, values just beside the rounding tie, non-finite), at every precision.
    @Test func sameBytesAsFixed() {
        var g = SplitMix64(seed: 20_171_129)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.005, 0.125, -2.5, 999.9999995, 1000, -1e-7, 9.1e18, -9.1e18,
                                .nan, .infinity, -.infinity, .ulpOfOne, -Double.leastNonzeroMagnitude]
        for _ in 0..<20_000 {
            let exponent = Double(Int(g.next() % 40) - 20)
            var v = (g.uniform() - 0.5) * pow(10, exponent)
            if g.next() % 4 == 0 { v = (v * 1000).rounded() / 1000 + 0.0005 }  // near a tie at 3 decimals
            if g.next() % 8 == 0 { v = v.nextUp }
            values.append(v)
        }
        var mismatches = 0
        for v in values {
            for decimals in 0...15 where Swift.abs(v) < 9.2e18 || !v.isFinite {
                var bytes: [UInt8] = [65]
                NumberText.appendFixed(v, decimals: decimals, to: &bytes)
                if bytes != [65] + Array(NumberText.fixed(v, decimals: decimals).utf8) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
