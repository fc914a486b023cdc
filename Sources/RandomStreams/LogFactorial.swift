/// ln(k!) for the acceptance tests of the binomial and Poisson samplers.
///
/// Exact (summed logs) below 16 and Stirling's series with three correction
/// terms above, whose truncation error is below 1/(1680 k^7) < 3e-12. Written
/// here rather than taken from `lgamma`, which writes the global `signgam` on
/// glibc and so is not safe to call from several threads.
@usableFromInline
enum LogFactorial {
    @usableFromInline static let table: [Double] = {
        var table = [0.0]
        var sum = 0.0
        for k in 1..<16 {
            sum += libmLog(Double(k))
            table.append(sum)
        }
        return table
    }()

    /// ½ ln(2π).
    @usableFromInline static let halfLogTwoPi = 0.918_938_533_204_672_741_78

    @inlinable
    static func of(_ k: Int) -> Double {
        if k < 16 { return table[k] }
        let x = Double(k)
        let r = 1 / x
        let r2 = r * r
        return (x + 0.5) * libmLog(x) - x + halfLogTwoPi
            + r * (1.0 / 12 - r2 * (1.0 / 360 - r2 / 1260))
    }
}
