import CBLAS

/// How a step's matrix product Y = A · X is computed.
///
/// All three give the same result up to rounding; they exist so tests can
/// check BLAS against plain Swift and the benchmark can show what batching
/// all columns into one level-3 call buys.
public enum StepKernel: String, Sendable, Hashable, CaseIterable {
    /// One `cblas_dgemm` over all columns of a group (level 3 BLAS).
    case blasGEMM
    /// One `cblas_dgemv` per column, i.e. per county and draw (level 2 BLAS).
    case blasGEMVPerColumn
    /// Plain Swift triple loop, the reference: for each column j, for each
    /// source k, y[:, j] += a[:, k] · x[k, j]. That order walks every array
    /// with unit stride so the compiler can vectorise the inner loop, but
    /// there is no cache blocking.
    case reference

    /// The product `a · b` as a new matrix.
    public func product(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "cannot multiply \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        var result = Matrix(rows: a.rows, columns: b.columns)
        guard a.rows > 0, b.columns > 0 else { return result }
        a.elements.withUnsafeBufferPointer { a_ in
            b.elements.withUnsafeBufferPointer { b_ in
                result.elements.withUnsafeMutableBufferPointer { c_ in
                    multiply(a_.baseAddress!, rows: a.rows, inner: a.columns,
                             b_.baseAddress!, columns: b.columns, into: c_.baseAddress!)
                }
            }
        }
        return result
    }

    /// Overwrites `y` (`rows × columns`, column-major, leading dimension
    /// `rows`) with `a · x`, where `a` is `rows × inner` and `x` is
    /// `inner × columns`, both column-major and packed.
    @usableFromInline
    func multiply(_ a: UnsafePointer<Double>, rows: Int, inner: Int,
                  _ x: UnsafePointer<Double>, columns: Int,
                  into y: UnsafeMutablePointer<Double>) {
        guard rows > 0, columns > 0 else { return }
        guard inner > 0 else {
            y.update(repeating: 0, count: rows * columns)
            return
        }
        precondition(rows <= Int32.max && inner <= Int32.max && columns <= Int32.max,
                     "BLAS dimensions exceed 32-bit blasint")
        switch self {
        case .blasGEMM:
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans,
                        Int32(rows), Int32(columns), Int32(inner),
                        1, a, Int32(rows), x, Int32(inner), 0, y, Int32(rows))
        case .blasGEMVPerColumn:
            for j in 0..<columns {
                cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(inner),
                            1, a, Int32(rows), x + j &* inner, 1, 0, y + j &* rows, 1)
            }
        case .reference:
            for j in 0..<columns {
                let yj = y + j &* rows
                yj.update(repeating: 0, count: rows)
                let xj = x + j &* inner
                for k in 0..<inner {
                    let xkj = xj[k]
                    let ak = a + k &* rows
                    for i in 0..<rows {
                        yj[i] += ak[i] * xkj
                    }
                }
            }
        }
    }
}
