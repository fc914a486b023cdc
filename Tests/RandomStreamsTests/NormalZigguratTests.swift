import Foundation
import Testing
import RandomStreams

/// ∫₀ᵗ e^(−x²/2) dx.
private func halfNormalMass(_ t: Double) -> Double { (Double.pi / 2).squareRoot() * erf(t / 2.0.squareRoot()) }
private func f(_ x: Double) -> Double { exp(-0.5 * x * x) }

/// A test stream (purpose 901) for the ziggurat's words and fallback numbers.
private func testStream(_ person: UInt32) -> RandomStream {
    RandomStream(seed: 0x21_6617, purpose: StreamPurpose(rawValue: 901), draw: 0, county: 0, year: 0, person: person)
}

@Suite("Normal ziggurat and the Gamma attempt from given words")
struct NormalZigguratTests {
    let zig = NormalZiggurat.shared

    /// The edges recomputed here from the published r and V (Marsaglia and Tsang 2000, 256 layers).
    @Test("r and V are the published ones and every layer has area V")
    func table() {
        #expect(abs(zig.tailStart - 3.6541528853610088) < 1e-12)
        #expect(abs(zig.layerArea - 0.00492867323399) < 1e-13)
        var x = zig.layerArea / f(zig.tailStart)  // the base's virtual width
        var inner = zig.tailStart
        // Base: rectangle [0, r] × [0, f(r)] plus the tail.
        let tail = (Double.pi / 2).squareRoot() * erfc(inner / 2.0.squareRoot())
        #expect(abs(inner * f(inner) + tail - zig.layerArea) < 1e-15)
        #expect(abs(x * f(inner) - zig.layerArea) < 1e-15)
        // Each strip: x_i (f(x_{i+1}) − f(x_i)) = V, closing at the mode.
        for _ in 1..<(NormalZiggurat.layerCount - 1) {
            x = inner
            let y = f(x) + zig.layerArea / x
            inner = (-2 * log(y)).squareRoot()
            #expect(inner < x && inner > 0)
        }
        #expect(abs(inner * (1 - f(inner)) - zig.layerArea) < 1e-12 * zig.layerArea)
    }

    /// 10⁶ draws against Φ (DKW bound at α = 10⁻⁶: 0.0027); the same draws against
    /// N(0, 1.02²), whose CDF is up to 0.02 × max x φ(x) = 0.0048 away, are rejected.
    @Test("32-bit and 64-bit words give N(0, 1); a 2% wrong sd is rejected", arguments: [false, true])
    func standardNormal(wide: Bool) {
        var stream = testStream(wide ? 1 : 0)
        let zs = (0..<1_000_000).map { _ in
            wide ? zig.sample(wide: stream.nextUInt64(), source: &stream) : zig.sample(word: stream.nextUInt32(), source: &stream)
        }
        let right = kolmogorovSmirnov(zs, cdf: normalCDF(0, 1))
        #expect(right.passes, "\(right)")
        let wrong = kolmogorovSmirnov(zs, cdf: normalCDF(0, 1.02))
        #expect(!wrong.passes, "\(wrong)")
    }

    /// Draws whose first word is forced into `layer` take every branch of that layer (the
    /// rectangle, and the wedge test with its restart, or the base's tail). Given the first
    /// layer i ≥ 1, |Z| is the point accepted in the strip, density ∝ min(f(x), f(x_{i+1})) − f(x_i)
    /// on [0, x_i] with mass A_i, with probability A_i / V, else (restart) half-normal; given the
    /// base, density f(r) on [0, r] and f(x) beyond, over V. The test's CDF is written from
    /// those areas, independently of the sampler. The wrong answer for the wedge-heavy top
    /// layers: the wedge's points accepted without the test (uniform on [0, x_i]).
    @Test("forced layers: rectangle, wedge with restart, base with tail", arguments: [0, 1, 64, 200, 254, 255])
    func forcedLayer(layer: Int) {
        let v = zig.layerArea, r = zig.tailStart
        // Recompute the edges x_layer and x_{layer+1}.
        var edges = [v / f(r), r]
        while edges.count < NormalZiggurat.layerCount { edges.append((-2 * log(f(edges.last!) + v / edges.last!)).squareRoot()) }
        edges.append(0)
        let outer = edges[layer], inner = edges[layer + 1]
        let cdf: (Double) -> Double
        if layer == 0 {
            cdf = { t in (min(t, r) * f(r) + (t > r ? halfNormalMass(t) - halfNormalMass(r) : 0)) / v }
        } else {
            let fo = f(outer), fi = f(inner)
            func accepted(_ t: Double) -> Double {  // ∫₀^min(t, x_i) (min(f, f_{i+1}) − f_i)
                let s = min(t, outer)
                return min(s, inner) * (fi - fo) + (s > inner ? halfNormalMass(s) - halfNormalMass(inner) - (s - inner) * fo : 0)
            }
            let acceptance = accepted(outer) / v
            let halfNormal = halfNormalMass(.infinity)
            cdf = { t in accepted(t) / v + (1 - acceptance) * halfNormalMass(t) / halfNormal }
        }
        for wide in [false, true] {
            var stream = testStream(UInt32(10 + layer * 2 + (wide ? 1 : 0)))
            let xs = (0..<200_000).map { _ -> Double in
                let z = wide ? zig.sample(wide: stream.nextUInt64() & ~0xFF | UInt64(layer), source: &stream)
                             : zig.sample(word: stream.nextUInt32() & ~0xFF | UInt32(layer), source: &stream)
                return abs(z)
            }
            let right = kolmogorovSmirnov(xs, cdf: cdf)
            #expect(right.passes, "layer \(layer), wide \(wide): \(right)")
            if layer >= 254 {
                let wrong = kolmogorovSmirnov(xs, cdf: { t in min(t, outer) / outer })
                #expect(!wrong.passes, "layer \(layer), wide \(wide), wedge untested: \(wrong)")
            }
        }
    }

    /// The tail beyond r against the truncated normal 1 − erfc(t/√2)/erfc(r/√2); the wrong
    /// answer is Marsaglia's exponential proposal r + Exp(r) without its acceptance test.
    @Test("the tail is the normal's beyond r; its proposal alone is rejected")
    func tail() {
        let r = zig.tailStart
        var stream = testStream(2)
        let xs = (0..<200_000).map { _ in zig.tail(&stream) }
        #expect(xs.allSatisfy { $0 > r })
        let right = kolmogorovSmirnov(xs, cdf: { t in 1 - erfc(t / 2.0.squareRoot()) / erfc(r / 2.0.squareRoot()) })
        #expect(right.passes, "\(right)")
        let wrong = kolmogorovSmirnov(xs, cdf: { t in 1 - exp(-r * (t - r)) })
        #expect(!wrong.passes, "\(wrong)")
    }

    /// The visit-cost sampler's composition (``YearTables/visitCost``): the attempt from a word
    /// and a uniform, else a fresh ``Gamma`` draw, for the shapes of 1, 5 and 12 visits at cv 0.9.
    /// KS on 5 × 10⁵ draws (bound 0.0038); Gamma with a 2% larger shape (mean 0.02√k·shape
    /// standard deviations higher, a CDF distance of at least 0.009) is rejected.
    @Test("the Gamma attempt plus fresh fallback is Gamma(k·shape, scale); a 2% wrong shape is rejected",
          arguments: [1, 5, 12])
    func gammaAttempt(visits: Int) {
        let shape = Double(visits) / (0.9 * 0.9), scale = 85 * 0.81
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        var stream = testStream(UInt32(100 + visits))
        var fallbacks = 0
        let xs = (0..<500_000).map { _ -> Double in
            let word = stream.nextUInt32()
            let u = stream.nextDouble32()
            if let g = Gamma.marsagliaTsangAttempt(d: d, c: c, normalWord: word, acceptUniform: u, normals: zig, source: &stream) {
                return scale * g
            }
            fallbacks += 1
            return Gamma(shape: shape, scale: scale).sample(&stream)
        }
        #expect(fallbacks > 0, "the rejection branch was taken")
        let right = kolmogorovSmirnov(xs, cdf: gammaCDF(shape: shape, scale: scale))
        #expect(right.passes, "\(right)")
        let wrong = kolmogorovSmirnov(xs, cdf: gammaCDF(shape: shape * 1.02, scale: scale))
        #expect(!wrong.passes, "\(wrong)")
    }
}

@Suite("Log-normal costs from the ziggurat")
struct LogNormalZigguratTests {
    /// KS on 10⁶ draws of an admission-cost law (mean 6000 yuan, cv 0.8; bound 0.0027)
    /// against Φ((ln x − μ)/σ); the same draws against a 2% larger σ are rejected (the CDFs
    /// differ by up to 0.02 × max z φ(z) = 0.0048 on the log scale).
    @Test("exp(μ + σZ) with Z from a 64-bit word is log-normal; a 2% wrong σ is rejected")
    func logNormal() {
        let law = LogNormal(mean: 6000, coefficientOfVariation: 0.8)
        var stream = RandomStream(seed: 0x21_6617, purpose: StreamPurpose(rawValue: 901), draw: 1, county: 0, year: 0, person: 0)
        let xs = (0..<1_000_000).map { _ in law.sample(&stream, normals: .shared) }
        let mu = law.logMean, sigma = law.logStandardDeviation
        let right = kolmogorovSmirnov(xs, cdf: { x in normalCDF(mu, sigma)(log(x)) })
        #expect(right.passes, "\(right)")
        let wrong = kolmogorovSmirnov(xs, cdf: { x in normalCDF(mu, sigma * 1.02)(log(x)) })
        #expect(!wrong.passes, "\(wrong)")
    }
}
