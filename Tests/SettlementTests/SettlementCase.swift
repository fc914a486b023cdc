import Foundation
import PolicyCatalog
import Settlement
import Yams

/// A hand-worked settlement case read from `Cases/*.yaml` (format in
/// `Cases/README.md`): claims in order and what each tier should pay on each.
struct SettlementCase: Sendable {
    /// "file.yaml" or "file.yaml#2" for the second document of a file.
    var name: String
    var scenario: String
    var year: Int?
    var description: String
    var claims: [CaseClaim]
    /// Per claim: tier id (or `out_of_pocket`) → amount.
    var expected: [[String: Money]]
}

/// One claim of a case, with its place in the file for messages.
struct CaseClaim: Sendable {
    var person: String
    var year: Int?
    var claim: Claim
    /// 1-based position in the case's `claims:` list.
    var number: Int
    var line: Int
}

/// A case file that breaks the format: where and what was expected.
struct CaseFormatError: Error, CustomStringConvertible {
    var file: String
    var line: Int?
    var message: String
    var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

enum CaseParser {
    static let claimKeys: Set<String> = ["person", "year", "setting", "level", "in_county", "referral_compliant", "disease",
                                         "total_cost", "policy_range_cost", "consultation_fee", "poverty_status", "welfare_category"]
    static let caseKeys: Set<String> = ["scenario", "year", "description", "claims", "expected", "arithmetic"]

    /// Every case of a file: one per YAML document (`---` separates documents).
    static func cases(inFile path: String, name: String, catalog: DiseaseCatalog = .standard) throws -> [SettlementCase] {
        let text = try readText(path)
        var documents = try Yams.compose_all(yaml: text)
        var result: [SettlementCase] = []
        while let node = documents.next() {
            let label = result.isEmpty ? name : "\(name)#\(result.count + 1)"
            result.append(try parseCase(node, name: label, catalog: catalog))
        }
        if let error = documents.error { throw CaseFormatError(file: name, line: nil, message: "not YAML: \(error)") }
        if result.isEmpty { throw CaseFormatError(file: name, line: nil, message: "no case in the file") }
        return result
    }

    static func parseCase(_ node: Node, name: String, catalog: DiseaseCatalog) throws -> SettlementCase {
        func fail(_ node: Node?, _ message: String) -> CaseFormatError {
            CaseFormatError(file: name, line: node?.mark?.line, message: message)
        }
        guard let mapping = node.mapping else { throw fail(node, "a case is a mapping with scenario, description, claims, expected and arithmetic") }
        for (key, _) in mapping {
            guard let k = key.string, caseKeys.contains(k) else {
                throw fail(key, "unknown key '\(key.string ?? "?")'; expected one of \(caseKeys.sorted().joined(separator: ", "))")
            }
        }
        func text(_ key: String) throws -> String {
            guard let value = mapping[key]?.scalar?.string, !value.isEmpty else { throw fail(node, "missing '\(key)'") }
            return value
        }
        let scenario = try text("scenario")
        let description = try text("description")
        _ = try text("arithmetic")  // required: the hand computation is the point of a case
        let year = try mapping["year"].map { try int($0, "year", fail) }
        guard let claimNodes = mapping["claims"]?.sequence, !claimNodes.isEmpty else { throw fail(node, "'claims' must be a non-empty list") }
        guard let expectedNodes = mapping["expected"]?.sequence else { throw fail(node, "'expected' must be a list, one entry per claim") }
        guard expectedNodes.count == claimNodes.count else {
            throw fail(mapping["expected"], "\(claimNodes.count) claims but \(expectedNodes.count) expected entries")
        }
        var claims: [CaseClaim] = []
        for (i, claimNode) in claimNodes.enumerated() {
            claims.append(try parseClaim(claimNode, number: i + 1, catalog: catalog, fail: fail))
        }
        var expected: [[String: Money]] = []
        for entry in expectedNodes {
            guard let pairs = entry.mapping else { throw fail(entry, "an expected entry maps tier ids and out_of_pocket to amounts") }
            var row: [String: Money] = [:]
            for (key, value) in pairs {
                guard let k = key.string else { throw fail(key, "tier id expected") }
                row[k] = try money(value, k, fail)
            }
            expected.append(row)
        }
        return SettlementCase(name: name, scenario: scenario, year: year, description: description, claims: claims, expected: expected)
    }

    static func parseClaim(_ node: Node, number: Int, catalog: DiseaseCatalog,
                           fail: (Node?, String) -> CaseFormatError) throws -> CaseClaim {
        guard let m = node.mapping else { throw fail(node, "claim \(number) must be a mapping") }
        for (key, _) in m {
            guard let k = key.string, claimKeys.contains(k) else {
                throw fail(key, "claim \(number): unknown field '\(key.string ?? "?")'; expected one of \(claimKeys.sorted().joined(separator: ", "))")
            }
        }
        func required(_ key: String) throws -> Node {
            guard let value = m[key] else { throw fail(node, "claim \(number): missing '\(key)'") }
            return value
        }
        func named<T>(_ key: String, _ parse: (String) -> T?, _ allowed: [String]) throws -> T {
            let value = try required(key)
            guard let s = value.string, let parsed = parse(s) else {
                throw fail(value, "claim \(number): \(key) '\(value.string ?? "?")'; expected one of \(allowed.joined(separator: ", "))")
            }
            return parsed
        }
        func flag(_ key: String) throws -> Bool {
            let value = try required(key)
            switch value.string {
            case "true", "1": return true
            case "false", "0": return false
            default: throw fail(value, "claim \(number): \(key) must be true or false")
            }
        }
        let person = try required("person").string ?? ""
        guard !person.isEmpty else { throw fail(node, "claim \(number): person must be a non-empty string") }
        let setting: ClaimSetting = try named("setting", ClaimSetting.init(fileName:), ClaimSetting.allCases.map(\.fileName))
        let level: FacilityLevel = try named("level", FacilityLevel.init(fileName:), FacilityLevel.allCases.map(\.fileName))
        var disease: DiseaseIndex? = nil
        if let d = m["disease"], let code = d.string, !code.isEmpty {
            guard let index = catalog.diseaseIndex(of: code) else { throw fail(d, "claim \(number): unknown disease code '\(code)'") }
            disease = index
        }
        let total = try money(try required("total_cost"), "total_cost", fail)
        let policy = try money(try required("policy_range_cost"), "policy_range_cost", fail)
        let fee = try m["consultation_fee"].map { try money($0, "consultation_fee", fail) } ?? .zero
        guard policy <= total else { throw fail(node, "claim \(number): policy_range_cost above total_cost") }
        guard fee <= policy else { throw fail(node, "claim \(number): consultation_fee above policy_range_cost") }
        let poverty: PovertyStatus = m["poverty_status"] == nil ? .inPoverty
            : try named("poverty_status", PovertyStatus.init(fileName:), PovertyStatus.allCases.map(\.fileName))
        let welfare: WelfareCategory = m["welfare_category"] == nil ? .registeredPoor
            : try named("welfare_category", WelfareCategory.init(fileName:), WelfareCategory.allCases.map(\.fileName))
        let year = try m["year"].map { try int($0, "year", fail) }
        let claim = Claim(setting: setting, level: level, inCounty: try flag("in_county"), referralCompliant: try flag("referral_compliant"),
                          disease: disease, totalCost: total, policyRangeCost: policy, consultationFee: fee,
                          povertyStatus: poverty, welfareCategory: welfare)
        return CaseClaim(person: person, year: year, claim: claim, number: number, line: node.mark?.line ?? 0)
    }

    static func money(_ node: Node, _ key: String, _ fail: (Node?, String) -> CaseFormatError) throws -> Money {
        guard let s = node.scalar?.string, let amount = Money(yuanString: s) else {
            throw fail(node, "\(key) '\(node.scalar?.string ?? "?")' is not an amount in yuan with at most 2 decimals")
        }
        return amount
    }

    static func int(_ node: Node, _ key: String, _ fail: (Node?, String) -> CaseFormatError) throws -> Int {
        guard let s = node.scalar?.string, let value = Int(s) else { throw fail(node, "\(key) must be a whole number") }
        return value
    }

    static func readText(_ path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CaseFormatError(file: path, line: nil, message: "cannot read: \(error)")
        }
    }
}
