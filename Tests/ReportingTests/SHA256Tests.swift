import Foundation
import Testing
@testable import Reporting

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256.hex(message.utf8) == digest)
    }

    @Test func millionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        for _ in 0..<1_000 { hasher.update(chunk) }
        let hex = hasher.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalEqualsOneShotAcrossBlockBoundaries() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for split in [0, 1, 55, 56, 63, 64, 65, 119, 128, 200] {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == SHA256.hash(message), "split \(split)")
        }
    }

    @Test func fileDigest() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("scenario.yaml")
        try AtomicFile.write("abc", to: url)
        #expect(try SHA256.hex(ofFileAt: url) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Raw buffers split anywhere (as a file streams through a reader) give the one-shot digest.
    @Test func bufferUpdatesEqualOneShotAtAnyLength() {
        var x: UInt64 = 5
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 4099] {
            let bytes = (0..<length).map { _ -> UInt8 in
                x = x &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: x >> 56)
            }
            let split = length / 3
            var digest = SHA256()
            bytes.withUnsafeBufferPointer { b in
                digest.update(UnsafeBufferPointer(rebasing: b[0..<split]))
                digest.update(UnsafeBufferPointer(rebasing: b[split...]))
            }
            #expect(digest.hexDigest() == SHA256.hex(bytes), "length \(length)")
        }
    }

}
