import Foundation
import Settlement
import Testing
@testable import ClaimsFile

/// Money written straight from fen into the output buffer reads as `Money.description` does.
@Suite("Output buffer")
struct OutputBufferTests {
    /// Every digit count, both signs, the ends of `Int64`, and the round values where the digit count changes.
    static let amounts: [Int64] = {
        var values: [Int64] = [0, 1, -1, 5, 9, 10, 11, 99, 100, 101, 105, 999, 1000, 100_000, 123_456_789,
                               ClaimsFileSettler.maximumAmount.fen, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 10
        for _ in 1...18 {
            values += [power - 1, power, power + 1, -power, -(power - 1), power * 7 / 3]
            if power > Int64.max / 10 { break }
            power *= 10
        }
        return values
    }()

    @Test(arguments: amounts)
    func moneyIsWrittenAsItsDescription(_ fen: Int64) throws {
        let sink = MemorySink()
        var buffer = OutputBuffer(sink: sink, capacity: 64)
        try buffer.appendMoney(fen)
        try buffer.flush()
        #expect(sink.text == Money(fen: fen).description)
    }

    /// A whole row: prefix, payments and out-of-pocket, comma-separated, one line;
    /// also when the row is longer than the buffer.
    @Test func rowsAreWrittenWholeAtAnyBufferSize() throws {
        let prefix = Array("C1,P1,2017,inpatient".utf8)
        let payments = [Money(fen: 654_500), .zero, Money(fen: 1), Money(fen: 180_000)]
        let expected = "C1,P1,2017,inpatient,6545.00,0.00,0.01,1800.00,1000.00\n"
        for capacity in [64, 100, 1 << 20] {
          for background in [false, true] {
            let sink = MemorySink()
            var buffer = OutputBuffer(sink: sink, capacity: capacity, background: background)
            for _ in 0..<3 {
                try prefix.withUnsafeBytes { p in
                    try payments.withUnsafeBufferPointer { try buffer.appendRow(prefix: p.baseAddress!, length: p.count, payments: $0, outOfPocket: 100_000) }
                }
            }
            try buffer.finish()
            #expect(sink.text == String(repeating: expected, count: 3), "capacity \(capacity), background \(background)")
          }
        }
    }

    /// A sink that is slow, and fails on its `failAt`-th write.
    final class SlowSink: ByteSink, @unchecked Sendable {
        var bytes: [UInt8] = []
        var writes = 0
        let failAt: Int
        init(failAt: Int = .max) { self.failAt = failAt }
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            writes += 1
            if writes == failAt { throw ClaimsIOError(file: "slow", operation: "write", code: 28) }
            usleep(200)
            self.bytes.append(contentsOf: bytes)
        }
    }

    /// Written in the background, the bytes reach a slow sink whole and in order,
    /// long appends (larger than the buffer) included.
    @Test func backgroundWritesKeepTheOrder() throws {
        let sink = SlowSink()
        var expected: [UInt8] = []
        do {
            var buffer = OutputBuffer(sink: sink, capacity: 64, background: true)
            for i in 0..<2_000 {
                let piece = Array("\(i),".utf8) + (i % 500 == 0 ? Array(repeating: UInt8(ascii: "x"), count: 100) : [])
                try piece.withUnsafeBytes { try buffer.append($0.baseAddress!, $0.count) }
                expected += piece
                try buffer.appendMoney(Int64(i))
                expected += Array(Money(fen: Int64(i)).description.utf8)
            }
            try buffer.finish()
        }
        #expect(sink.bytes == expected)
        #expect(sink.writes > 100)
    }

    /// A failed background write is thrown by a later flush or the finish, and
    /// nothing is written after it.
    @Test func backgroundWriteErrorIsThrownAndStopsWriting() {
        let sink = SlowSink(failAt: 3)
        var buffer = OutputBuffer(sink: sink, capacity: 64, background: true)
        let thrown: Error? = {
            do {
                for i in 0..<1_000 { try buffer.appendMoney(Int64(i)) }
                try buffer.finish()
                return nil
            } catch { return error }
        }()
        #expect(thrown as? ClaimsIOError == ClaimsIOError(file: "slow", operation: "write", code: 28))
        #expect(sink.writes == 3)
    }
}
