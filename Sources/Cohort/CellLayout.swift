import Settlement

/// How cells are numbered in a state vector.
///
/// The index is `((ageBand · 2 + sex) · 2 + poverty) · diseases + disease`:
/// disease varies fastest, then poverty, sex, and age band slowest, so one
/// age band's cells are contiguous and ageing moves mass by a fixed stride.
public struct CellLayout: Sendable, Hashable {
    /// The age bands of the model.
    public let ageBands: AgeBands
    /// The disease states of the model.
    public let diseaseStates: DiseaseStates

    /// Creates a layout from the model's bands and disease states.
    public init(ageBands: AgeBands, diseaseStates: DiseaseStates) {
        self.ageBands = ageBands
        self.diseaseStates = diseaseStates
    }

    /// The default layout: ``AgeBands/standard`` × 2 sexes × 2 poverty
    /// statuses × ``DiseaseStates/standard`` = 10 · 2 · 2 · 4 = 160 cells.
    public static let standard = CellLayout(ageBands: .standard, diseaseStates: .standard)

    /// Number of cells, the length of a county's state vector.
    @inlinable
    public var cellCount: Int { ageBands.lowerBounds.count &* 4 &* diseaseStates.count }

    /// Position of `cell` in a state vector.
    @inlinable
    public func index(of cell: Cell) -> Int {
        let diseases = diseaseStates.count
        precondition(cell.ageBand >= 0 && cell.ageBand < ageBands.lowerBounds.count
                     && cell.disease >= 0 && cell.disease < diseases, "cell \(cell) outside layout")
        return ((cell.ageBand &* 2 &+ cell.sex.rawValue) &* 2 &+ cell.poverty.rawValue) &* diseases &+ cell.disease
    }

    /// The cell at position `index` of a state vector; inverse of ``index(of:)``.
    public func cell(at index: Int) -> Cell {
        precondition(index >= 0 && index < cellCount, "cell index \(index) outside 0..<\(cellCount)")
        let diseases = diseaseStates.count
        let disease = index % diseases
        var rest = index / diseases
        let poverty = PovertyStatus(rawValue: rest % 2)!
        rest /= 2
        let sex = Sex(rawValue: rest % 2)!
        return Cell(ageBand: rest / 2, sex: sex, poverty: poverty, disease: disease)
    }

    /// All cells in index order.
    public var cells: [Cell] { (0..<cellCount).map(cell(at:)) }
}
