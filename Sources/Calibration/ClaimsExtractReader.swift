import PolicyCatalog
import Settlement
import ClaimsFile

/// Reads a county's claims extract: the claims-file contract of POLICY.md
/// section 10 (`person_id, setting, level, in_county, referral_compliant,
/// disease, total_cost, policy_range_cost`, optional `consultation_fee`) plus
/// `age`, `sex` and `year`, optional `household_id`, and optional recorded
/// payments in columns named by the scenario's tier ids. Each claim must
/// belong to a roster person-year of the same person and year, with the
/// roster's sex, its age within ``ExtractReadOptions/ageTolerance`` and, when
/// both files have one, its household.
struct ClaimsExtractReader {
    /// The extract's columns: what it must have.
    static let requiredColumns = ["person_id", "setting", "level", "in_county", "referral_compliant", "disease",
                                  "total_cost", "policy_range_cost", "age", "sex", "year"]
    static let expectedColumns = "the claims-file columns (person_id, setting, level, in_county, referral_compliant, disease, total_cost, policy_range_cost) plus age, sex and year"

    let options: ExtractReadOptions

    struct Result {
        var file: CitedFile
        var claims: [CalibrationExtract.ClaimRecord] = []
        var recordedTierIDs: [String] = []
        var recordedPayments: [Money] = []
        var hasConsultationFees = false
    }

    func read(path: String, name: String, roster: RosterReader.Result, progress: ((Int) -> Void)?) throws(ClaimsFileError) -> Result {
        let reader = try CSVRecordReader(path: path, name: name, what: "claims extract")
        guard try reader.next() else {
            throw ClaimsFileError(file: name, line: 1, column: nil, message: "the file is empty; expected a header row with \(Self.expectedColumns)")
        }
        let header = try CSVHeader(reader, required: Self.requiredColumns, kind: "claims extract", expected: Self.expectedColumns)
        let c = Self.requiredColumns.map { header[$0]! }
        let (cPerson, cSetting, cLevel, cInCounty, cCompliant, cDisease, cTotal, cPolicy, cAge, cSex, cYear) =
            (c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10])
        let cFee = header["consultation_fee"]
        let cHousehold = header["household_id"]
        let tierColumns = options.tierIDs.compactMap { id in header[id].map { (id, $0) } }
        var result = Result(file: CitedFile(name: name, sha256: "", rows: 0))
        result.recordedTierIDs = tierColumns.map(\.0)
        result.hasConsultationFees = cFee != nil
        let years = options.years
        let yearCount = years.count
        var diseaseByText: [String: DiseaseIndex] = [:]
        for (i, disease) in options.catalog.diseases.enumerated() { diseaseByText[disease.code] = DiseaseIndex(i) }
        var lowered: [UInt8] = []
        let rosterName = roster.file.name

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
            guard let setting = FieldParsing.setting(reader.field(cSetting)) else {
                throw fail("setting", "expected general_outpatient, chronic_outpatient, inpatient or major_disease, got \(FieldParsing.shown(reader.field(cSetting)))")
            }
            guard let level = FieldParsing.level(reader.field(cLevel)) else {
                throw fail("level", "expected township, county, prefecture or provincial, got \(FieldParsing.shown(reader.field(cLevel)))")
            }
            guard let inCounty = FieldParsing.boolean(reader.field(cInCounty)) else {
                throw fail("in_county", "expected true or false (or 1 / 0), got \(FieldParsing.shown(reader.field(cInCounty)))")
            }
            guard let compliant = FieldParsing.boolean(reader.field(cCompliant)) else {
                throw fail("referral_compliant", "expected true or false (or 1 / 0), got \(FieldParsing.shown(reader.field(cCompliant)))")
            }
            var disease: DiseaseIndex? = nil
            let diseaseField = reader.field(cDisease)
            if diseaseField.isEmpty {
                if setting == .chronicOutpatient || setting == .majorDisease {
                    throw fail("disease", "empty; expected a disease code of the catalog (required for \(setting.fileName))")
                }
            } else {
                lowered.removeAll(keepingCapacity: true)
                for b in diseaseField { lowered.append(FieldParsing.lower(b)) }
                let code = String(decoding: lowered, as: UTF8.self)
                guard let d = diseaseByText[code] else {
                    throw fail("disease", "unknown disease code \(FieldParsing.shown(diseaseField)); expected a code of the catalog (fundsim diseases)")
                }
                let lists = options.catalog[d].lists
                if setting == .chronicOutpatient && !lists.contains(.outpatient28) {
                    throw fail("disease", "expected one of the 28 outpatient diseases (门诊28种, list outpatient_28 of `fundsim diseases`) for a chronic_outpatient claim, got \(FieldParsing.shown(diseaseField))")
                }
                if setting == .majorDisease && !lists.contains(.major15) {
                    throw fail("disease", "expected one of the 15 major diseases (大病, list major_15 of `fundsim diseases`) for a major_disease claim, got \(FieldParsing.shown(diseaseField))")
                }
                disease = d
            }
            guard let total = FieldParsing.amount(reader.field(cTotal)) else {
                throw fail("total_cost", "expected a non-negative yuan amount with at most two decimals, got \(FieldParsing.shown(reader.field(cTotal)))")
            }
            guard let policy = FieldParsing.amount(reader.field(cPolicy)) else {
                throw fail("policy_range_cost", "expected a non-negative yuan amount with at most two decimals, got \(FieldParsing.shown(reader.field(cPolicy)))")
            }
            guard policy.fen <= total.fen else {
                throw fail("policy_range_cost", "\(FieldParsing.shown(reader.field(cPolicy))) is above total_cost \(FieldParsing.shown(reader.field(cTotal))); expected 0 ≤ policy_range_cost ≤ total_cost")
            }
            var fee = Money.zero
            if let cFee, !reader.field(cFee).isEmpty {
                guard let f = FieldParsing.amount(reader.field(cFee)) else {
                    throw fail("consultation_fee", "expected a non-negative yuan amount with at most two decimals, got \(FieldParsing.shown(reader.field(cFee)))")
                }
                guard f.fen == 0 || setting == .generalOutpatient else {
                    throw fail("consultation_fee", "a consultation fee on a \(setting.fileName) claim; expected it on general_outpatient claims only")
                }
                guard f.fen <= policy.fen else {
                    throw fail("consultation_fee", "\(FieldParsing.shown(reader.field(cFee))) is above policy_range_cost; expected consultation_fee ≤ policy_range_cost")
                }
                fee = f
            }
            guard let year = FieldParsing.wholeNumber(reader.field(cYear)), years.contains(year) else {
                throw fail("year", "expected a year of the scenario (\(years.lowerBound)–\(years.upperBound)), got \(FieldParsing.shown(reader.field(cYear)))")
            }
            guard let age = FieldParsing.wholeNumber(reader.field(cAge)), age <= options.maximumAge else {
                throw fail("age", "expected an age in whole years from 0 to \(options.maximumAge), got \(FieldParsing.shown(reader.field(cAge)))")
            }
            guard let sex = FieldParsing.sex(reader.field(cSex)) else {
                throw fail("sex", "expected female or male, got \(FieldParsing.shown(reader.field(cSex)))")
            }
            // The claimant's roster row of the year.
            let id = String(decoding: personField, as: UTF8.self)
            guard let person = roster.personIndex[id] else {
                throw fail("person_id", "person \(FieldParsing.shown(personField)) is not in the roster \(rosterName); expected every claimant to be enrolled")
            }
            guard let row = roster.personYearIndex[Int(person) * yearCount + (year - years.lowerBound)] else {
                let enrolled = roster.personYears.filter { $0.person == person }.map { String($0.year) }
                throw fail("year", "person \(FieldParsing.shown(personField)) has no roster row for \(year) in \(rosterName) (enrolled: \(enrolled.joined(separator: ", "))); expected a claim in a year the person is enrolled")
            }
            let enrolled = roster.personYears[Int(row)]
            guard sex == enrolled.sex else {
                throw fail("sex", "\(sex.fileName), but the roster says \(enrolled.sex.fileName) (\(rosterName) line \(enrolled.line)); expected the roster's sex")
            }
            guard abs(age - enrolled.age) <= options.ageTolerance else {
                throw fail("age", "\(age), but the roster says \(enrolled.age) (\(rosterName) line \(enrolled.line)); expected the roster's age ± \(options.ageTolerance)")
            }
            if let cHousehold, let enrolledHousehold = enrolled.household {
                let field = reader.field(cHousehold)
                let household = roster.households[Int(enrolledHousehold)]
                guard field.isEmpty || field.elementsEqual(household.utf8) else {
                    throw fail("household_id", "\(FieldParsing.shown(field)), but the roster says \"\(household)\" (\(rosterName) line \(enrolled.line)); expected the roster's household")
                }
            }
            for (tier, column) in tierColumns {
                guard let paid = FieldParsing.amount(reader.field(column)) else {
                    throw fail(tier, "expected the recorded payment of tier \(tier): a non-negative yuan amount with at most two decimals, got \(FieldParsing.shown(reader.field(column)))")
                }
                result.recordedPayments.append(paid)
            }
            result.claims.append(.init(personYear: row, line: line, setting: setting, level: level, inCounty: inCounty, referralCompliant: compliant,
                                       disease: disease, totalCost: total, policyRangeCost: policy, consultationFee: fee))
            if result.claims.count & 0xFFFF == 0 { progress?(reader.bytesRead) }
        }
        result.file = CitedFile(name: name, sha256: try reader.finishHash(), rows: result.claims.count)
        progress?(reader.bytesRead)
        return result
    }
}

extension CalibrationExtract {
    /// Reads and cross-checks a roster and a claims extract (roster first: it is the
    /// denominator every claim must belong to). `rosterName`/`claimsName` are how
    /// errors and sources name the files (default: the paths). `progress` receives
    /// the bytes read so far of both files together, now and then.
    ///
    /// Throws ``ClaimsFileError`` with the file, line, column and expectation
    /// at the first problem: a file that cannot be read, a missing column, a value
    /// that breaks the contract, a year outside `options.years`, a claimant not in
    /// the roster (or not in it that year), an age or sex that differs from the roster's.
    public static func read(claimsPath: String, rosterPath: String, claimsName: String? = nil, rosterName: String? = nil,
                            options: ExtractReadOptions, progress: ((Int) -> Void)? = nil) throws(ClaimsFileError) -> CalibrationExtract {
        let roster = try RosterReader(options: options).read(path: rosterPath, name: rosterName ?? rosterPath, progress: progress)
        let rosterBytes = roster.bytes
        let claims = try ClaimsExtractReader(options: options).read(
            path: claimsPath, name: claimsName ?? claimsPath, roster: roster,
            progress: progress.map { report in { bytes in report(rosterBytes + bytes) } })
        return CalibrationExtract(claimsFile: claims.file, rosterFile: roster.file, persons: roster.persons, households: roster.households,
                                  personYears: roster.personYears, claims: claims.claims,
                                  recordedTierIDs: claims.recordedTierIDs, recordedPayments: claims.recordedPayments,
                                  hasConsultationFees: claims.hasConsultationFees)
    }
}
