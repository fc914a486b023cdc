/// The gamma distribution with shape `k` and scale `θ` (mean kθ, variance kθ²),
/// e.g. for lengths of stay or as the building block of ``Beta``.
///
/// Uses Marsaglia and Tsang's squeeze-and-reject method ("A simple method for
/// generating gamma variables", ACM TOMS 26, 2000) for shape ≥ 1; for shape < 1
/// it draws `G(k + 1)·u^(1/k)`, the boost given in the same paper.
public struct Gamma: Distribution, Hashable {
    /// The shape, k.
    public let shape: Double
    /// The scale, θ.
    public let scale: Double

    /// Marsaglia–Tsang's `d = k' - 1/3` and `c = 1/√(9d)` for `k' = max(k, k + 1 if k < 1)`.
    @usableFromInline let d, c: Double
    /// `1/k` when boosting a shape below 1, else 0.
    @usableFromInline let boostExponent: Double

    /// Why `(k, θ)` are unusable, or nil if they are usable.
    @inlinable
    static func problem(_ shape: Double, _ scale: Double) -> DistributionParameterError? {
        if !(shape > 0 && shape.isFinite) {
            return DistributionParameterError(distribution: "Gamma", parameter: "shape", requirement: "finite and > 0")
        }
        if !(scale > 0 && scale.isFinite) {
            return DistributionParameterError(distribution: "Gamma", parameter: "scale", requirement: "finite and > 0")
        }
        return nil
    }

    /// Creates the distribution; traps unless shape and scale are finite and positive.
    @inlinable
    public init(shape: Double, scale: Double) {
        requireValid(Self.problem(shape, scale))
        self.shape = shape
        self.scale = scale
        let boosted = shape < 1 ? shape + 1 : shape
        d = boosted - 1.0 / 3
        c = 1 / (9 * d).squareRoot()
        boostExponent = shape < 1 ? 1 / shape : 0
    }

    /// Creates the distribution, throwing unless shape and scale are finite and positive.
    @inlinable
    public static func validated(shape: Double, scale: Double) throws(DistributionParameterError) -> Gamma {
        if let error = problem(shape, scale) { throw error }
        return Gamma(shape: shape, scale: scale)
    }

    /// Draws one positive value (it may underflow to 0 for very small shapes).
    @inlinable
    public func sample<Source: RandomSource>(_ source: inout Source) -> Double {
        var g = marsagliaTsang(&source)
        if boostExponent != 0 {
            g *= libmExp(libmLog(source.nextDouble()) * boostExponent)
        }
        return scale * g
    }

    /// A Gamma(d + 1/3, 1) draw: `d·v` with `v = (1 + cZ)³`, accepted by the
    /// cheap squeeze `u < 1 - 0.0331 Z⁴` or the exact log test.
    @inlinable
    func marsagliaTsang<Source: RandomSource>(_ source: inout Source) -> Double {
        while true {
            let z = Normal.standardSampleByInversion(&source)
            let t = 1 + c * z
            if t <= 0 { continue }
            if let g = Self.marsagliaTsangAccepts(z: z, t: t, u: source.nextDouble(), d: d) { return g }
        }
    }

    /// Marsaglia and Tsang's acceptance of the normal `z` (with `t = 1 + cz > 0`) by the
    /// uniform `u`: `d·v` (`v = t³`) when the cheap squeeze `u < 1 − 0.0331 z⁴` or the exact
    /// log test accepts, else `nil`. The one statement of the test, for ``sample(_:)`` and
    /// ``marsagliaTsangAttempt(d:c:normalWord:acceptUniform:normals:source:)``.
    @inlinable @inline(__always)
    static func marsagliaTsangAccepts(z: Double, t: Double, u: Double, d: Double) -> Double? {
        let v = t * t * t
        let z2 = z * z
        if u < 1 - 0.0331 * z2 * z2 || libmLog(u) < 0.5 * z2 + d * (1 - v + libmLog(v)) { return d * v }
        return nil
    }
}

extension Gamma {
    /// One attempt of Marsaglia and Tsang's method at Gamma(d + 1/3, 1) (`c` = 1/√(9d), d ≥ 2/3)
    /// from given random numbers: the normal by the ziggurat from `normalWord` (which may draw
    /// from `source`, see ``NormalZiggurat``), the acceptance test with `acceptUniform`.
    /// Returns `d·v`, or `nil` when the attempt is rejected; a caller that then samples afresh
    /// from independent numbers (e.g. ``sample(_:)``) gets an exact Gamma draw, since rejection
    /// sampling restarted with independent numbers is exact. For samplers that take their
    /// numbers from a Philox block drawn for several decisions at once.
    @inlinable @inline(__always)
    public static func marsagliaTsangAttempt<Source: RandomSource>(
        d: Double, c: Double, normalWord: UInt32, acceptUniform u: Double, normals: NormalZiggurat, source: inout Source
    ) -> Double? {
        let z = normals.sample(word: normalWord, source: &source)
        let t = 1 + c * z
        guard t > 0 else { return nil }
        return marsagliaTsangAccepts(z: z, t: t, u: u, d: d)
    }
}
