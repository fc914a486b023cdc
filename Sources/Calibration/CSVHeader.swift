import ClaimsFile

/// The header of a calibration input: which column each name is in, checked
/// for duplicates and for the columns the file must have.
struct CSVHeader {
    /// The header's names, in file order.
    let names: [String]
    private let indexByName: [String: Int]

    /// Reads the header from the reader's current record. `required` must all be
    /// present; `kind` and `expected` word the error ("roster", "columns person_id, …").
    init(_ reader: CSVRecordReader, required: [String], kind: String, expected: String) throws(ClaimsFileError) {
        var names: [String] = []
        var index: [String: Int] = [:]
        for i in 0..<reader.count {
            let name = reader.string(i)
            if index[name] != nil {
                throw ClaimsFileError(file: reader.name, line: reader.line, column: name,
                                            message: "the header names column \(name) twice; expected each column once")
            }
            index[name] = i
            names.append(name)
        }
        for name in required where index[name] == nil {
            throw ClaimsFileError(file: reader.name, line: reader.line, column: nil,
                                        message: "the header has no column \(name); expected a \(kind) with \(expected)")
        }
        self.names = names
        indexByName = index
    }

    /// The column of `name`, or `nil` when the file has none.
    subscript(name: String) -> Int? { indexByName[name] }
}
