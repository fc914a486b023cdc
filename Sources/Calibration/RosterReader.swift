import Settlement
import ClaimsFile

/// Reads a county's roster of the registered poor: one row per enrolled
/// person-year, `person_id, age, sex, poverty_status, year`, optional
/// `household_id`; other columns are ignored. A row that breaks this stops the
/// read with the file, line, column and what was expected.
struct RosterReader {
    /// The roster's columns: what it must have.
    static let requiredColumns = ["person_id", "age", "sex", "poverty_status", "year"]

    let options: ExtractReadOptions

    /// What the reader builds: persons, households, person-years and the index from (person, year) to the row.
    struct Result {
        var file: CitedFile
        var persons: [String] = []
        var personIndex: [String: Int32] = [:]
        var households: [String] = []
        var personYears: [CalibrationExtract.PersonYear] = []
        /// (person × yearCount + year − first year) → person-year index.
        var personYearIndex: [Int: Int32] = [:]
        /// The file's size in bytes.
        var bytes = 0
    }

    func read(path: String, name: String, progress: ((Int) -> Void)?) throws(ClaimsFileError) -> Result {
        let reader = try CSVRecordReader(path: path, name: name, what: "roster")
        guard try reader.next() else {
            throw ClaimsFileError(file: name, line: 1, column: nil, message: "the file is empty; expected a header row with \(Self.expectedColumns)")
        }
        let header = try CSVHeader(reader, required: Self.requiredColumns, kind: "roster", expected: Self.expectedColumns)
        let cPerson = header["person_id"]!, cAge = header["age"]!, cSex = header["sex"]!
        let cStatus = header["poverty_status"]!, cYear = header["year"]!
        let cHousehold = header["household_id"]
        let years = options.years
        let yearCount = years.count
        var result = Result(file: CitedFile(name: name, sha256: "", rows: 0))
        var householdIndex: [String: Int32] = [:]
        while try reader.next() {
            let line = reader.line
            func fail(_ column: String?, _ message: String) -> ClaimsFileError {
                ClaimsFileError(file: name, line: line, column: column, message: message)
            }
            guard reader.count == header.names.count else {
                throw fail(nil, "\(reader.count) fields; expected \(header.names.count) as in the header")
            }
            let personField = reader.field(cPerson)
            guard !personField.isEmpty else { throw fail("person_id", "empty; expected a person id") }
            guard let year = FieldParsing.wholeNumber(reader.field(cYear)), years.contains(year) else {
                throw fail("year", "expected a year of the scenario (\(years.lowerBound)–\(years.upperBound)), got \(FieldParsing.shown(reader.field(cYear)))")
            }
            guard let age = FieldParsing.wholeNumber(reader.field(cAge)), age <= options.maximumAge else {
                throw fail("age", "expected an age in whole years from 0 to \(options.maximumAge), got \(FieldParsing.shown(reader.field(cAge)))")
            }
            guard let sex = FieldParsing.sex(reader.field(cSex)) else {
                throw fail("sex", "expected female or male, got \(FieldParsing.shown(reader.field(cSex)))")
            }
            guard let status = FieldParsing.povertyStatus(reader.field(cStatus)) else {
                throw fail("poverty_status", "expected in_poverty or exited_poverty, got \(FieldParsing.shown(reader.field(cStatus)))")
            }
            var household: Int32?
            if let cHousehold {
                let field = reader.field(cHousehold)
                guard !field.isEmpty else { throw fail("household_id", "empty; expected the person's household id (the column is present)") }
                let id = String(decoding: field, as: UTF8.self)
                if let h = householdIndex[id] { household = h } else {
                    let h = Int32(result.households.count)
                    household = h
                    householdIndex[id] = h
                    result.households.append(id)
                }
            }
            let id = String(decoding: personField, as: UTF8.self)
            let person: Int32
            if let p = result.personIndex[id] { person = p } else {
                person = Int32(result.persons.count)
                result.personIndex[id] = person
                result.persons.append(id)
            }
            let key = Int(person) * yearCount + (year - years.lowerBound)
            if let earlier = result.personYearIndex[key] {
                throw fail("person_id", "person \(FieldParsing.shown(personField)) already has a roster row for \(year) (line \(result.personYears[Int(earlier)].line)); expected one row per person and year")
            }
            result.personYearIndex[key] = Int32(result.personYears.count)
            result.personYears.append(.init(person: person, year: year, age: age, sex: sex, povertyStatus: status, household: household, line: line))
            if result.personYears.count & 0xFFFF == 0 { progress?(reader.bytesRead) }
        }
        result.file = CitedFile(name: name, sha256: try reader.finishHash(), rows: result.personYears.count)
        result.bytes = reader.bytesRead
        progress?(reader.bytesRead)
        return result
    }

    static let expectedColumns = "columns person_id, age, sex, poverty_status, year (household_id optional)"
}
