import RandomStreams

/// Latin hypercube samples on the unit cube, reproducible from a seed.
///
/// For `n` samples in `d` dimensions, each dimension's [0, 1) is cut into `n`
/// equal strata and every stratum is used exactly once: sample i of dimension j
/// is `(π_j(i) + u_ij) / n`, where π_j is a uniformly random permutation of
/// 0…n−1 and u_ij a uniform in [0, 1).
///
/// Random numbers: dimension j uses its own Philox4x32-10 stream keyed by
/// (seed, purpose ``StreamPurpose/sweepDesign``, draw 0, county 0, year 0,
/// person j): first the n − 1 uniforms of a Fisher–Yates shuffle (for k from
/// n − 1 down to 1, swap k with ⌊u · (k + 1)⌋), then the n offsets u_ij in
/// sample order. The design therefore depends only on (seed, n, j): adding a
/// dimension leaves the others' columns unchanged.
public enum LatinHypercube {
    /// `samples[i][j]`: sample i, dimension j, in [0, 1).
    public static func unitSamples(count n: Int, dimensions d: Int, seed: UInt64) -> [[Double]] {
        precondition(n >= 1 && d >= 0)
        var samples = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
        for j in 0..<d {
            var stream = RandomStream(key: StreamKey(seed: seed, purpose: .sweepDesign, draw: 0, county: 0, year: 0, person: UInt32(j)))
            var permutation = Array(0..<n)
            var k = n - 1
            while k > 0 {
                let r = min(k, Int(stream.nextDouble() * Double(k + 1)))
                permutation.swapAt(k, r)
                k -= 1
            }
            for i in 0..<n { samples[i][j] = (Double(permutation[i]) + stream.nextDouble()) / Double(n) }
        }
        return samples
    }
}

extension StreamPurpose {
    /// The random numbers of a sweep's design (Latin hypercube), never of the simulation.
    public static let sweepDesign = StreamPurpose(rawValue: 100)
}
