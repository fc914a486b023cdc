import ClaimsFileReference
import Foundation
import Testing
@testable import ClaimsFile

/// The streaming settlement writes the same bytes as the reader it replaced
/// (`ClaimsFileReference`, bf294d4) for any block size and thread count.
@Suite("Streaming settlement is byte-identical to the reference")
struct StreamingIdentityTests {
    static let example = try! Array(Data(contentsOf: Settle.packageRoot.appendingPathComponent("Scenarios/examples/claims-yunnan.csv")))

    @Test(arguments: [1, 2])
    func exampleFile(threads: Int) throws {
        let reference = try Settle.reference(Self.example, explain: true)
        for blockSize in [1, 2, 3, 7, 64, 1000, 1 << 20] {
            let out = try Settle.run(Self.example, blockSize: blockSize, threads: threads, explain: true)
            #expect(out.csv == reference.csv, "block \(blockSize): \(out.csv.count) vs \(reference.csv.count) bytes")
            #expect(out.explanation == reference.explanation, "block \(blockSize): explanation differs")
        }
    }

    /// 150,000 random claims of 40,000 persons over four years.
    @Test(arguments: [1, 2])
    func largeRandomFile(threads: Int) throws {
        let bytes = RandomClaimsFile(claims: 150_000, persons: 40_000, seed: 7).bytes()
        let reference = try Settle.reference(bytes)
        for blockSize in [4093, 1 << 20] {
            let out = try Settle.run(bytes, blockSize: blockSize, threads: threads)
            #expect(out.csv == reference.csv, "block \(blockSize): \(out.csv.count) vs \(reference.csv.count) bytes")
            #expect(out.summary.claims == 150_000)
        }
    }

    /// Quoted fields with commas, doubled quotes and line breaks, Chinese text,
    /// CRLF, a byte-order mark and blank lines, in blocks of a few bytes.
    @Test(arguments: [1, 2])
    func randomFileWithEveryCSVFeature(threads: Int) throws {
        let bytes = RandomClaimsFile(claims: 3_000, persons: 500, seed: 11, hardCSV: true).bytes()
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let reference = try Settle.reference(bytes, explain: true)
        for blockSize in [1, 5, 13, 256, 1 << 20] {
            let out = try Settle.run(bytes, blockSize: blockSize, threads: threads, explain: blockSize == 13)
            #expect(out.csv == reference.csv, "block \(blockSize): \(out.csv.count) vs \(reference.csv.count) bytes")
            if blockSize == 13 { #expect(out.explanation == reference.explanation, "explanation differs") }
        }
        // Short reads, as from a pipe, change nothing either.
        #expect(try Settle.run(bytes, blockSize: 1 << 16, threads: threads, chunk: 3).csv == reference.csv, "short reads")
    }

    /// A file whose block boundaries fall inside a quoted field with an embedded
    /// newline, inside a CRLF pair and inside a multi-byte UTF-8 character: every
    /// block size from 1 to the file's length puts a boundary at each of them.
    @Test func blockBoundariesInsideQuotesCRLFAndCharacters() throws {
        let text = "person_id,setting,level,in_county,referral_compliant,disease,total_cost,policy_range_cost,note\r\n"
            + "张三,inpatient,county,true,true,,10000,8000,\"入院, 第一次\r\n\"\"复查\"\"\"\r\n"
            + "张三,inpatient,county,true,true,,10000,8000,终末期肾病\r\n"
            + "P2,general_outpatient,township,TRUE,1,,85,80,\"two\nlines\"\r\n"
        let bytes = Array(text.utf8)
        let crlf = (0..<bytes.count - 1).filter { bytes[$0] == 0x0D && bytes[$0 + 1] == 0x0A }
        let multiByte = (0..<bytes.count).filter { bytes[$0] >= 0xC0 }
        #expect(crlf.count == 5 && multiByte.count == 16)
        #expect(text.contains("\"入院, 第一次\r\n\"\"复查\"\"\"") && text.contains("\"two\nlines\""))
        let reference = try Settle.reference(bytes)
        for blockSize in 1...bytes.count {
            for threads in [1, 2] {
                let out = try Settle.run(bytes, blockSize: blockSize, threads: threads)
                #expect(out.csv == reference.csv, "block \(blockSize), \(threads) threads: \(out.csv.count) vs \(reference.csv.count) bytes")
            }
        }
        // The two claims of 张三 share one accumulator.
        #expect(try Settle.run(bytes).summary.personYears == 2)
    }

    /// With two threads and a slow writer (`--explain`) the reader refills a
    /// batch as soon as it is handed back; repeated runs give the same bytes
    /// (this once lost the last batches when the writer read a refilled batch's flag).
    @Test func twoThreadsWithASlowWriterAreDeterministic() throws {
        let bytes = RandomClaimsFile(claims: 3_000, persons: 500, seed: 11, hardCSV: true).bytes()
        let one = try Settle.run(bytes, blockSize: 13, threads: 1, explain: true)
        for _ in 0..<20 {
            let two = try Settle.run(bytes, blockSize: 13, threads: 2, explain: true)
            #expect(two.csv == one.csv, "\(two.csv.count) vs \(one.csv.count) bytes")
            #expect(two.explanation == one.explanation, "explanation differs")
        }
    }

    /// The first error is the same, at every block size.
    @Test func errorsAreTheSameAtEveryBlockSize() throws {
        var bytes = RandomClaimsFile(claims: 2_000, persons: 300, seed: 3, hardCSV: true).bytes()
        bytes += Array("C9,P1,2017,inpatient,county,true,true,,12,x,,\"note\"\r\n".utf8)
        var expected: ClaimsFileError?
        do { _ = try Settle.reference(bytes) } catch let error as ClaimsFileError { expected = error }
        #expect(expected?.column == "policy_range_cost")
        for blockSize in [1, 7, 4096, 1 << 20] {
            for threads in [1, 2] {
                #expect(throws: expected!) { try Settle.run(bytes, blockSize: blockSize, threads: threads) }
            }
        }
    }
}
