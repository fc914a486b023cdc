/// Partial rank correlation coefficients (PRCC) of an output with each of
/// several inputs: the rank (Spearman) analogue of partial correlation, the
/// standard global sensitivity measure for a Latin hypercube sample (Marino et
/// al. 2008, "A methodology for performing global uncertainty and sensitivity
/// analysis in systems biology", J. Theor. Biol. 254:178–196).
///
/// Method: replace every column (each input and the output) by its ranks (ties
/// get their average rank), form the (p + 1) × (p + 1) Pearson correlation
/// matrix R of the ranks, invert it to P = R⁻¹, and
/// `PRCC_j = −P[j, y] / √(P[j, j] · P[y, y])`. This equals the correlation of
/// the residuals of rank(x_j) and rank(y) after linear regression on the ranks
/// of the other inputs (the textbook definition), computed without fitting p
/// regressions.
public enum PartialRankCorrelation {
    /// The PRCC of `output` with each input column (`inputs[j][i]`: input j at
    /// sample i). `nil` for every input when it cannot be defined: fewer samples
    /// than inputs + 2, a constant column, or inputs that are collinear in rank.
    public static func coefficients(inputs: [[Double]], output: [Double]) -> [Double?] {
        let p = inputs.count
        let n = output.count
        let undefined = [Double?](repeating: nil, count: p)
        guard p > 0, n >= p + 2, inputs.allSatisfy({ $0.count == n }) else { return undefined }
        let columns = (inputs + [output]).map(ranks)
        let m = p + 1
        var r = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        let centred: [[Double]] = columns.map { c in
            let mean = c.reduce(0, +) / Double(n)
            return c.map { $0 - mean }
        }
        let norms = centred.map { c in c.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        guard norms.allSatisfy({ $0 > 0 }) else { return undefined }
        for a in 0..<m {
            for b in a..<m {
                var s = 0.0
                for i in 0..<n { s += centred[a][i] * centred[b][i] }
                r[a][b] = s / (norms[a] * norms[b])
                r[b][a] = r[a][b]
            }
        }
        guard let inverse = invert(r) else { return undefined }
        let y = p
        return (0..<p).map { j in
            let d = inverse[j][j] * inverse[y][y]
            guard d > 0 else { return nil }
            return max(-1, min(1, -inverse[j][y] / d.squareRoot()))
        }
    }

    /// Ranks 1…n of `values`, ties getting the average of the ranks they span.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let average = Double(start + 1 + end) / 2  // mean of ranks start+1 … end
            for k in start..<end { result[order[k]] = average }
            start = end
        }
        return result
    }

    /// Gauss–Jordan inversion with partial pivoting; `nil` when (numerically) singular.
    static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<max(column + 1, n) where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-10 else { return nil }
            a.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let scale = a[column][column]
            for k in 0..<n {
                a[column][k] /= scale
                inverse[column][k] /= scale
            }
            for row in 0..<n where row != column {
                let factor = a[row][column]
                if factor == 0 { continue }
                for k in 0..<n {
                    a[row][k] -= factor * a[column][k]
                    inverse[row][k] -= factor * inverse[column][k]
                }
            }
        }
        return inverse
    }
}
