/// Partial rank correlation coefficients (PRCC) of an output with each of
/// several inputs: the rank (Spearman) analogue of partial correlation, the
/// standard global sensitivity measure for a Latin hypercube sample (Marino et
/// al. 2008, "A methodology for performing global uncertainty and sensitivity
/// analysis in systems biology", J. Theor. Biol. 254:178–196).
///
/// Method (the textbook definition): replace every column (each input and the
/// output) by its ranks (ties get their average rank); for input j, regress
/// rank(x_j) and rank(y) by least squares on an intercept and the ranks of the
/// other inputs; PRCC_j is the Pearson correlation of the two residuals. An
/// output that is an exact monotone function of x_j gets PRCC_j = 1 (its
/// residual equals x_j's), and then no partial correlation with the other
/// inputs exists (nothing of the output is left to explain).
public enum PartialRankCorrelation {
    /// The PRCC of `output` with each input column (`inputs[j][i]`: input j at
    /// sample i); `nil` where it cannot be defined: fewer samples than inputs + 2,
    /// inputs collinear in rank, or a residual that is zero (e.g. a constant
    /// output, or one fully explained by the other inputs).
    public static func coefficients(inputs: [[Double]], output: [Double]) -> [Double?] {
        let p = inputs.count
        let n = output.count
        let undefined = [Double?](repeating: nil, count: p)
        guard p > 0, n >= p + 2, inputs.allSatisfy({ $0.count == n }) else { return undefined }
        let x = inputs.map(ranks)
        let y = ranks(output)
        return (0..<p).map { j in
            let others = [[Double](repeating: 1, count: n)] + (0..<p).filter { $0 != j }.map { x[$0] }
            guard let ex = residuals(x[j], on: others), let ey = residuals(y, on: others) else { return nil }
            let sxy = zip(ex, ey).reduce(0) { $0 + $1.0 * $1.1 }
            let sxx = ex.reduce(0) { $0 + $1 * $1 }, syy = ey.reduce(0) { $0 + $1 * $1 }
            // Ranks are at most n, so a residual sum of squares below this is rounding, not signal.
            let tiny = 1e-18 * Double(n * n * n)
            guard sxx > tiny, syy > tiny else { return nil }
            return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
        }
    }

    /// Least-squares residuals of `v` on `columns` (normal equations), or `nil` when the columns are collinear.
    static func residuals(_ v: [Double], on columns: [[Double]]) -> [Double]? {
        let k = columns.count
        var gram = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var rhs = [Double](repeating: 0, count: k)
        for a in 0..<k {
            for b in a..<k {
                var s = 0.0
                for i in v.indices { s += columns[a][i] * columns[b][i] }
                gram[a][b] = s
                gram[b][a] = s
            }
            var s = 0.0
            for i in v.indices { s += columns[a][i] * v[i] }
            rhs[a] = s
        }
        guard let inverse = invert(gram) else { return nil }
        let beta = (0..<k).map { a in (0..<k).reduce(0.0) { $0 + inverse[a][$1] * rhs[$1] } }
        return v.indices.map { i in v[i] - (0..<k).reduce(0.0) { $0 + beta[$1] * columns[$1][i] } }
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

    /// Gauss–Jordan inversion with partial pivoting; `nil` when (numerically) singular
    /// (a pivot below 1e-10 of the largest diagonal entry).
    static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        let scale = max(1e-300, (0..<n).map { abs(matrix[$0][$0]) }.max() ?? 0)
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<max(column + 1, n) where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-10 * scale else { return nil }
            a.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let divisor = a[column][column]
            for k in 0..<n {
                a[column][k] /= divisor
                inverse[column][k] /= divisor
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
