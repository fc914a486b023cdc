import PolicyCatalog
import Settlement
import RandomStreams

/// Random but valid claims files for the byte-identity tests and the
/// `settle-file` benchmark: persons' claims interleaved at random across the
/// whole file, every setting, level and flag, diseases that fit the setting,
/// amounts over several magnitudes, a `claim_id` and a free-text `note` column
/// carried through, and optionally the hard parts of CSV (quoted fields with
/// commas, doubled quotes and line breaks, Chinese text, CRLF, a byte-order
/// mark, blank lines). Deterministic for a seed.
public struct RandomClaimsFile: Sendable {
    /// Rows to write.
    public var claims: Int
    /// Distinct persons the rows are spread over.
    public var persons: Int
    /// Years the rows fall in (empty `year` cells use the first).
    public var years: ClosedRange<Int>
    /// Seed of the generator.
    public var seed: UInt64
    /// Include quoting, line breaks inside fields, UTF-8, CRLF, a BOM and blank lines.
    public var hardCSV: Bool

    /// Creates a description of a file.
    public init(claims: Int, persons: Int, years: ClosedRange<Int> = 2017...2020, seed: UInt64 = 2017, hardCSV: Bool = false) {
        self.claims = claims
        self.persons = max(1, persons)
        self.years = years
        self.seed = seed
        self.hardCSV = hardCSV
    }

    /// The header row's columns.
    public static let header = "claim_id,person_id,year,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,consultation_fee,note"

    /// Writes the file in chunks of about `chunkSize` bytes to `write`.
    public func write(chunkSize: Int = 1 << 20, _ write: ([UInt8]) throws -> Void) rethrows {
        var rng = SplitMix64(seed: seed)
        let catalog = DiseaseCatalog.standard
        let outpatient = catalog.diseases.indices.filter { catalog.diseases[$0].lists.contains(.outpatient28) }
        let major = catalog.diseases.indices.filter { catalog.diseases[$0].lists.contains(.major15) }
        let newline = hardCSV ? "\r\n" : "\n"
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 4096)
        if hardCSV { out += [0xEF, 0xBB, 0xBF] }
        out += Array((Self.header + newline).utf8)
        let notes = ["follow-up", "\"antihypertensives, 3 months\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "高血压复查",
                     "\"终末期肾病, 透析\"", "\"crlf\r\ninside\"", "\"\"", "plain note"]
        for i in 0..<claims {
            let person = Int(rng.next() % UInt64(persons))
            let year = years.lowerBound + Int(rng.next() % UInt64(years.count))
            let roll = rng.next() % 100
            let setting: ClaimSetting = roll < 55 ? .generalOutpatient : roll < 75 ? .chronicOutpatient : roll < 96 ? .inpatient : .majorDisease
            let level = FacilityLevel(rawValue: Int(rng.next() % 4))!
            var disease = ""
            switch setting {
            case .chronicOutpatient: disease = catalog.diseases[outpatient[Int(rng.next() % UInt64(outpatient.count))]].code
            case .majorDisease: disease = catalog.diseases[major[Int(rng.next() % UInt64(major.count))]].code
            default: if rng.next() % 10 == 0 { disease = catalog.diseases[Int(rng.next() % UInt64(catalog.diseases.count))].code }
            }
            let magnitude: UInt64 = setting == .generalOutpatient ? 30_000 : setting == .chronicOutpatient ? 800_000 : 8_000_000
            let total = rng.next() % magnitude + (rng.next() % 50 == 0 ? rng.next() % 40_000_000 : 0)
            let policy = total * (rng.next() % 101) / 100
            let fee = setting == .generalOutpatient && rng.next() % 2 == 0 ? min(policy, 1_000 + rng.next() % 1_500) : 0
            var row = "C\(i + 1),P\(person)"
            row += year == years.lowerBound && rng.next() % 4 == 0 ? "," : ",\(year)"
            row += ",\(setting.fileName),\(level.fileName)"
            row += rng.next() % 2 == 0 ? ",true" : (rng.next() % 2 == 0 ? ",false" : ",1")
            row += rng.next() % 5 == 0 ? ",false" : ",true"
            row += ",\(disease),\(Self.yuan(total)),\(Self.yuan(policy)),"
            if setting == .generalOutpatient { row += fee > 0 || rng.next() % 2 == 0 ? Self.yuan(fee) : "" }
            if hardCSV {
                row += "," + notes[Int(rng.next() % UInt64(notes.count))]
            } else {
                row += rng.next() % 3 == 0 ? ",routine visit" : ","
            }
            out += Array((row + newline).utf8)
            if hardCSV && rng.next() % 200 == 0 { out += Array(newline.utf8) }
            if out.count >= chunkSize {
                try write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try write(out) }
    }

    /// The whole file in memory.
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        write { all += $0 }
        return all
    }

    /// Fen as yuan: whole yuan ("12"), or with two decimals ("12.05").
    static func yuan(_ fen: UInt64) -> String {
        let cents = fen % 100
        if cents == 0 && fen % 300 == 0 { return "\(fen / 100)" }
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
