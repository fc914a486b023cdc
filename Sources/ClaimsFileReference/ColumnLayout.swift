import ClaimsFile
import PolicyCatalog
import Settlement

/// Where each known column sits in a claims file's header, and the row
/// validation of POLICY.md section 10 against it.
struct ColumnLayout: Sendable {
    /// Field index of each ``ClaimColumn`` (by its position in `allCases`), `nil` when absent.
    private var index: [Int?]
    private let header: [String]

    /// Checks the header: no duplicate names, every required column present.
    init(header: [String], file: String, line: Int) throws(ClaimsFileError) {
        self.header = header
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            if seen[name] != nil {
                throw ClaimsFileError(file: file, line: line, column: name, message: "appears twice in the header; expected each column once")
            }
            seen[name] = i
        }
        index = ClaimColumn.allCases.map { seen[$0.rawValue] }
        for column in ClaimColumn.required where self[column] == nil {
            throw ClaimsFileError(file: file, line: line, column: column.rawValue,
                                  message: "missing from the header; expected the columns \(ClaimColumn.required.map(\.rawValue).joined(separator: ", ")) (any order)")
        }
    }

    /// The field index of a column, or `nil` when the file lacks it.
    subscript(column: ClaimColumn) -> Int? {
        index[ClaimColumn.allCases.firstIndex(of: column)!]
    }

    /// Validates one row and builds its claim.
    func parse(_ record: ReferenceCSVRecord, file: String, defaultYear: Int, catalog: DiseaseCatalog) throws(ClaimsFileError) -> ReferenceClaimRecord {
        let fields = record.fields
        func fail(_ column: String?, _ message: String) -> ClaimsFileError {
            ClaimsFileError(file: file, line: record.line, column: column, message: message)
        }
        guard fields.count == header.count else {
            if fields.count < header.count {
                throw fail(header[fields.count], "missing; expected \(header.count) fields as in the header, got \(fields.count)")
            }
            throw fail("#\(header.count + 1)", "beyond the header; expected \(header.count) fields as in the header, got \(fields.count)")
        }
        func field(_ column: ClaimColumn) -> String? { self[column].map { fields[$0] } }
        func required(_ column: ClaimColumn) -> String { fields[self[column]!] }
        func choice<T>(_ column: ClaimColumn, _ parse: (String) -> T?, _ names: [String]) throws(ClaimsFileError) -> T {
            let text = required(column)
            guard let value = parse(text) else {
                throw fail(column.rawValue, "expected one of \(names.joined(separator: ", ")), got \(quoted(text))")
            }
            return value
        }
        func flag(_ column: ClaimColumn) throws(ClaimsFileError) -> Bool {
            let text = required(column)
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw fail(column.rawValue, "expected true, false, 1 or 0, got \(quoted(text))")
            }
        }
        func amount(_ text: String, _ column: ClaimColumn) throws(ClaimsFileError) -> Money {
            guard let money = Money(yuanString: text[...]) else {
                throw fail(column.rawValue, "expected a non-negative yuan amount with at most two decimals, got \(quoted(text))")
            }
            return money
        }

        let personID = required(.personID)
        guard !personID.isEmpty else { throw fail(ClaimColumn.personID.rawValue, "expected a non-empty person id, got an empty field") }
        let setting = try choice(.setting, ClaimSetting.init(fileName:), ClaimSetting.allCases.map(\.fileName))
        let level = try choice(.level, FacilityLevel.init(fileName:), FacilityLevel.allCases.map(\.fileName))
        let inCounty = try flag(.inCounty)
        let compliant = try flag(.referralCompliant)

        let diseaseText = required(.disease)
        var disease: DiseaseIndex? = nil
        if diseaseText.isEmpty {
            if setting == .chronicOutpatient || setting == .majorDisease {
                throw fail(ClaimColumn.disease.rawValue, "expected a disease code for a \(setting.fileName) claim (see `fundsim diseases`), got an empty field")
            }
        } else {
            guard let i = catalog.diseaseIndex(of: diseaseText) else {
                throw fail(ClaimColumn.disease.rawValue, "expected a disease code of the catalog (see `fundsim diseases`), got \(quoted(diseaseText))")
            }
            disease = i
        }

        let total = try amount(required(.totalCost), .totalCost)
        let policyRange = try amount(required(.policyRangeCost), .policyRangeCost)
        guard policyRange <= total else {
            throw fail(ClaimColumn.policyRangeCost.rawValue, "expected at most total_cost (\(total)), got \(quoted(required(.policyRangeCost)))")
        }
        var fee = Money.zero
        if let text = field(.consultationFee), !text.isEmpty {
            fee = try amount(text, .consultationFee)
            if fee != .zero && setting != .generalOutpatient {
                throw fail(ClaimColumn.consultationFee.rawValue, "expected 0 or an empty field on a \(setting.fileName) claim (the consultation fee is for general_outpatient only), got \(quoted(text))")
            }
            guard fee <= policyRange else {
                throw fail(ClaimColumn.consultationFee.rawValue, "expected at most policy_range_cost (\(policyRange)), got \(quoted(text))")
            }
        }
        var year = defaultYear
        if let text = field(.year), !text.isEmpty {
            guard text.utf8.count == 4, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int(text) else {
                throw fail(ClaimColumn.year.rawValue, "expected a four-digit year, got \(quoted(text))")
            }
            year = value
        }
        var poverty = PovertyStatus.inPoverty
        if let text = field(.povertyStatus), !text.isEmpty {
            poverty = try choice(.povertyStatus, PovertyStatus.init(fileName:), PovertyStatus.allCases.map(\.fileName))
        }
        var welfare = WelfareCategory.registeredPoor
        if let text = field(.welfareCategory), !text.isEmpty {
            welfare = try choice(.welfareCategory, WelfareCategory.init(fileName:), WelfareCategory.allCases.map(\.fileName))
        }
        let claim = Claim(setting: setting, level: level, inCounty: inCounty, referralCompliant: compliant, disease: disease,
                          totalCost: total, policyRangeCost: policyRange, consultationFee: fee,
                          povertyStatus: poverty, welfareCategory: welfare)
        return ReferenceClaimRecord(line: record.line, fields: fields, personID: personID, year: year, claim: claim)
    }
}

/// A field as shown in messages: in double quotes, inner quotes and line breaks escaped.
func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
