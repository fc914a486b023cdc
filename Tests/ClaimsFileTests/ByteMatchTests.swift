import PropertyBased
import Settlement
import Testing
@testable import ClaimsFile

/// The fast paths of field matching against their plain definitions.
@Suite("Field values matched as bytes")
struct ByteMatchTests {
    static func withBytes<T>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> T) -> T {
        // A copy with guard bytes after the field, as in a real buffer.
        let padded = bytes + Array(repeating: UInt8(ascii: ","), count: 16)
        return padded.withUnsafeBufferPointer { body($0.baseAddress!, bytes.count) }
    }

    /// "123.45" read in one pass gives what the general parser gives, on digits,
    /// points and other bytes in any order, around the 11-digit edge and the maximum.
    @Test func amountFastPathAgreesWithTheGeneralParser() async {
        let pieces: [UInt8] = Array("0123456789.9..-e ".utf8)
        await propertyCheck(count: 5_000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...16)) { indices in
            let bytes = indices.map { pieces[$0] }
            let fast = Self.withBytes(bytes) { ByteMatch.amount($0, $1) }
            let general = Self.withBytes(bytes) { ByteMatch.generalAmount($0, $1) }
            #expect(String(describing: fast) == String(describing: general), "\(String(decoding: bytes, as: UTF8.self))")
        }
        for text in ["1000000000.00", "1000000000.01", "99999999999.99", "00000000000.00", "12.34", "1.5", ".50", "7."] {
            let bytes = Array(text.utf8)
            #expect(String(describing: Self.withBytes(bytes) { ByteMatch.amount($0, $1) })
                == String(describing: Self.withBytes(bytes) { ByteMatch.generalAmount($0, $1) }), "\(text)")
        }
        #expect(String(describing: Self.withBytes(Array("1000000000.01".utf8)) { ByteMatch.amount($0, $1) }) == "tooLarge")
        #expect(String(describing: Self.withBytes(Array("1234.56".utf8)) { ByteMatch.amount($0, $1) }) == "fen(123456)")
    }

    /// Enumerated values match ignoring ASCII letter case and nothing else: the
    /// word-at-a-time comparison agrees with lowercasing letters one by one.
    @Test func enumeratedValuesIgnoreLetterCaseOnly() async {
        let names = ["inpatient", "general_outpatient", "chronic_outpatient", "major_disease", "township", "county",
                     "prefecture", "provincial", "true", "false", "in_poverty", "exited_poverty", "registered_poor",
                     "minimum_living_allowance", "extreme_poverty"]
        // Each name with bytes flipped by 0x20 (case, but also "_" to DEL) or replaced.
        await propertyCheck(count: 5_000, input: zip(Gen.int(in: 0...(names.count - 1)), Gen.int(in: 0...23).array(of: 0...3), Gen.int(in: 0...2))) { name, positions, how in
            var bytes = Array(names[name].utf8)
            for position in positions where position < bytes.count {
                bytes[position] = how == 0 ? bytes[position] ^ 0x20 : how == 1 ? bytes[position] &- 0x20 : UInt8(ascii: "x")
            }
            let expected = bytes.map(ByteMatch.lower) == Array(names[name].utf8)
            let matched: Bool = Self.withBytes(bytes) { p, n in
                switch name {
                case 0...3: ByteMatch.setting(p, n) == [ClaimSetting.inpatient, .generalOutpatient, .chronicOutpatient, .majorDisease][name]
                case 4...7: ByteMatch.level(p, n) == [FacilityLevel.township, .county, .prefecture, .provincial][name - 4]
                case 8...9: ByteMatch.boolean(p, n) == (name == 8)
                case 10...11: ByteMatch.povertyStatus(p, n) == [PovertyStatus.inPoverty, .exitedPoverty][name - 10]
                default: ByteMatch.welfareCategory(p, n) == [WelfareCategory.registeredPoor, .minimumLivingAllowance, .extremePoverty][name - 12]
                }
            }
            #expect(matched == expected, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
