/// The standard normal by Marsaglia and Tsang's ziggurat ("The ziggurat method for
/// generating random variables", Journal of Statistical Software 5(8), 2000) with 256
/// layers: from one random word, 99.3% of draws are a table lookup, a multiplication and a
/// comparison, with no division and no transcendental function (Acklam's inversion, which
/// it replaces in the person loop, divides once per draw).
///
/// **Exact.** The area under f(x) = e^(−x²/2), x ≥ 0, is cut into 256 pieces of equal area V:
/// layer 0 is the rectangle [0, x₁] × [0, f(r)] (r = x₁) plus the tail beyond r, layer i ≥ 1 the
/// strip [0, xᵢ] × [f(xᵢ), f(xᵢ₊₁)] (x₂₅₆ = 0). A draw picks a layer uniformly and a position
/// x uniform on [0, xᵢ] (layer 0: on [0, V/f(r)]); x < xᵢ₊₁ lies under the curve and is the answer.
/// Otherwise (0.7% of draws) the point is completed exactly: in layer 0 by a draw from the tail
/// (Marsaglia 1964), in a wedge by a height uniform on [f(xᵢ), f(xᵢ₊₁)] accepted when below f(x),
/// else the whole draw restarts from a fresh word of the source. Every accepted point is uniform
/// under the curve, so |Z| is exactly half-normal, and an independent bit gives the sign.
/// Those completions draw from the source, so how many numbers a draw consumes depends on
/// the values drawn (as any rejection sampler's does).
///
/// Resolution: the position has 23 bits in ``sample(word:source:)`` (one 32-bit word: 8
/// layer bits, 1 sign bit) and 52 in ``sample(wide:source:)`` (one 64-bit word), i.e. a grid of
/// at most 4.4 × 10⁻⁷ resp. 8 × 10⁻¹⁶ in z.
public struct NormalZiggurat: Sendable {
    /// One layer: its right edge xᵢ and the edge xᵢ₊₁ of the rectangle that needs no test
    /// (layer 0: V/f(r) and r), with f at both (for the wedge test).
    @usableFromInline
    struct Layer: Sendable {
        @usableFromInline var edge: Double
        @usableFromInline var inner: Double
        @usableFromInline var fEdge: Double
        @usableFromInline var fInner: Double
    }

    /// The number of layers (8 bits of the word).
    public static let layerCount = 256
    /// The layers, index 0 the base (with the tail).
    @usableFromInline let layers: [Layer]
    /// r: where the tail begins, the right edge of the base rectangle.
    public let tailStart: Double
    /// V: the area of each layer under the unnormalised f(x) = e^(−x²/2).
    public let layerArea: Double

    /// The one table (about 8 KB), built once.
    public static let shared = NormalZiggurat()

    /// Builds the table: r is solved (by bisection, to the last bit) so that the 256 equal-area
    /// layers close exactly at the mode, the top layer [0, x₂₅₅] × [f(x₂₅₅), 1] having area V;
    /// this gives r = 3.6541528853610088, Marsaglia and Tsang's published value.
    public init() {
        let n = Self.layerCount
        func f(_ x: Double) -> Double { libmExp(-0.5 * x * x) }
        func area(_ r: Double) -> Double { r * f(r) + (Double.pi / 2).squareRoot() * libmErfc(r / 2.0.squareRoot()) }
        /// The edges x₁ … x₂₅₅ for a tail start r, or nil when the layers overshoot the mode
        /// before the last (r too small).
        func edges(_ r: Double) -> [Double]? {
            let v = area(r)
            var x = [v / f(r), r]
            for i in 1..<(n - 1) {
                let y = f(x[i]) + v / x[i]
                guard y < 1 else { return nil }
                x.append((-2 * libmLog(y)).squareRoot())
            }
            return x
        }
        /// Top layer's area minus V: > 0 when r is too large.
        func excess(_ r: Double) -> Double {
            guard let x = edges(r) else { return -1 }
            return x[n - 1] * (1 - f(x[n - 1])) - area(r)
        }
        var low = 3.0, high = 4.5
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if mid == low || mid == high { break }
            if excess(mid) > 0 { high = mid } else { low = mid }
        }
        // `high` keeps excess > 0 (the layers exist), over by at most one ulp of r.
        let r = high
        let x = edges(r)! + [0]
        tailStart = r
        layerArea = area(r)
        layers = (0..<n).map { i in Layer(edge: x[i], inner: x[i + 1], fEdge: i == 0 ? 0 : f(x[i]), fInner: f(x[i + 1])) }
    }

    /// A standard normal from the 32-bit `word` (bits 0–7 the layer, bit 8 the sign, bits
    /// 9–31 the position), drawing from `source` only outside the layer's rectangle (0.7%).
    @inlinable @inline(__always)
    public func sample<Source: RandomSource>(word: UInt32, source: inout Source) -> Double {
        let layer = Int(word & 0xFF)
        let x = (Double(word >> 9) + 0.5) * 0x1p-23 * layers[layer].edge
        let negative = word & 0x100 != 0
        if _fastPath(x < layers[layer].inner) { return negative ? -x : x }
        return beyondRectangle(layer: layer, x: x, negative: negative, wide: false, source: &source)
    }

    /// A standard normal from the 64-bit `wide` (bits 0–7 the layer, bit 8 the sign, bits
    /// 12–63 the position), drawing from `source` only outside the layer's rectangle (0.7%).
    @inlinable @inline(__always)
    public func sample<Source: RandomSource>(wide: UInt64, source: inout Source) -> Double {
        let layer = Int(wide & 0xFF)
        let x = (Double(wide >> 12) + 0.5) * 0x1p-52 * layers[layer].edge
        let negative = wide & 0x100 != 0
        if _fastPath(x < layers[layer].inner) { return negative ? -x : x }
        return beyondRectangle(layer: layer, x: x, negative: negative, wide: true, source: &source)
    }

    /// Completes a draw whose point (`layer`, `x`) fell outside the layer's rectangle: the
    /// tail for the base layer, else the wedge test, restarting from a fresh word (64-bit
    /// when `wide`) of `source` on rejection.
    @inlinable @inline(never)
    func beyondRectangle<Source: RandomSource>(layer: Int, x: Double, negative: Bool, wide: Bool,
                                               source: inout Source) -> Double {
        var layer = layer, x = x, negative = negative
        while true {
            if layer == 0 {
                let t = tail(&source)
                return negative ? -t : t
            }
            let strip = layers[layer]
            let y = strip.fEdge + source.nextDouble() * (strip.fInner - strip.fEdge)
            if y < libmExp(-0.5 * x * x) { return negative ? -x : x }
            if wide {
                let bits = source.nextUInt64()
                layer = Int(bits & 0xFF)
                x = (Double(bits >> 12) + 0.5) * 0x1p-52 * layers[layer].edge
                negative = bits & 0x100 != 0
            } else {
                let bits = source.nextUInt32()
                layer = Int(bits & 0xFF)
                x = (Double(bits >> 9) + 0.5) * 0x1p-23 * layers[layer].edge
                negative = bits & 0x100 != 0
            }
            if x < layers[layer].inner { return negative ? -x : x }
        }
    }

    /// A draw of |Z| given |Z| > r (Marsaglia 1964): x = −ln(u₁)/r, y = −ln(u₂), accepted
    /// when 2y > x², giving r + x; exact, accepting 93% of attempts at r = 3.65.
    @inlinable
    public func tail<Source: RandomSource>(_ source: inout Source) -> Double {
        while true {
            let x = -libmLog(source.nextDouble()) / tailStart
            let y = -libmLog(source.nextDouble())
            if 2 * y > x * x { return tailStart + x }
        }
    }
}
