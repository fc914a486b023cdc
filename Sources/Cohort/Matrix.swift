/// A dense matrix of `Double` stored column-major, the layout BLAS expects.
///
/// Column-major means a column (one county in one draw, for a state matrix)
/// is contiguous, so steps can hand BLAS a range of columns without copying.
public struct Matrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Elements, column after column: element (i, j) is at `j · rows + i`.
    public var elements: [Double]

    /// Creates a `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix shape must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// Creates a matrix from column-major `elements` (`rows · columns` of them).
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "\(elements.count) elements do not fill a \(rows) × \(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result[i, i] = 1 }
        return result
    }

    /// Element in row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[column &* rows &+ row] }
        set { elements[column &* rows &+ row] = newValue }
    }

    /// Sum of each column; for a transition matrix, the survival probability
    /// of each source cell.
    public func columnSums() -> [Double] {
        (0..<columns).map { j in
            elements[(j * rows)..<((j + 1) * rows)].reduce(0, +)
        }
    }

    /// Elementwise sum; used to add the birth term to the transition term.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "matrix shapes differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns,
                      elements: zip(lhs.elements, rhs.elements).map { $0 + $1 })
    }
}
