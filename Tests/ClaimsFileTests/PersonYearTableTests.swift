import Testing
@testable import ClaimsFile

/// The person-year table's key handling.
@Suite("Person-year table")
struct PersonYearTableTests {
    /// A short id read as a word with overlapping loads is the id's bytes, zero-padded, for every length.
    @Test func shortIDWordIsTheZeroPaddedBytes() {
        var generator = SystemRandomNumberGenerator()
        for n in 0...8 {
            for _ in 0..<200 {
                let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0xAA, 0xAA, 0xAA, 0xAA]
                var expected: UInt64 = 0
                for i in 0..<n { expected |= UInt64(bytes[i]) << (8 * UInt64(i)) }
                let word = bytes.withUnsafeBytes { PersonYearTable.tail($0.baseAddress!, n) }
                #expect(word == expected, "\(n) bytes \(bytes.prefix(n))")
            }
        }
    }

    /// Ids that differ in one byte, or only in length ("P1" and "P1\0"), are different person-years.
    @Test func idsDifferingInOneByteOrLengthAreDistinct() {
        var table = PersonYearTable(slotCount: 2)
        let ids: [[UInt8]] = [Array("P1".utf8), Array("P1".utf8) + [0], Array("P2".utf8), Array("P12345678".utf8), Array("P12345679".utf8), []]
        var seen: [UnsafeMutablePointer<Int64>] = []
        for id in ids {
            let hash = id.withUnsafeBytes { PersonYearTable.hash($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: id.count, year: 2017, seed: 1) }
            let accumulators = id.withUnsafeBytes { table.accumulators(hash: hash, id: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, length: id.count, year: 2017) }
            #expect(!seen.contains(accumulators), "\(id)")
            seen.append(accumulators)
            let again = id.withUnsafeBytes { table.accumulators(hash: hash, id: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, length: id.count, year: 2017) }
            #expect(again == accumulators)
        }
        #expect(table.count == ids.count)
    }
}
