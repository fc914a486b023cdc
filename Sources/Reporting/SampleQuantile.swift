/// Exact sample quantiles of a sorted array.
///
/// Why: small runs (and the exact phase of `QuantileSketch`) must report the
/// textbook quantile, with one documented definition, so that figures can be
/// checked against R or numpy.
public enum SampleQuantile {
    /// The type 7 sample quantile (Hyndman & Fan 1996; R's and numpy's
    /// default, "linear"): with `h = (n − 1)·q`, the value
    /// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` of the ascending array `x`.
    /// Returns NaN for an empty array. `q` must lie in [0, 1].
    public static func type7(sorted values: [Double], _ q: Double) -> Double {
        precondition(q >= 0 && q <= 1, "quantile level must lie in [0, 1]")
        guard !values.isEmpty else { return .nan }
        let h = Double(values.count - 1) * q
        let low = Int(h.rounded(.down))
        guard low + 1 < values.count else { return values[low] }
        let fraction = h - Double(low)
        return values[low] + fraction * (values[low + 1] - values[low])
    }
}
