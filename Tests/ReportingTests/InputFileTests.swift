import Foundation
import Reporting
import Testing

/// ``InputFile``: only regular files are read; anything else is named for what it is.
/// (FIFOs are tested through the CLI, in a child process under a timeout: NonRegularInputTests.)
@Suite("InputFile")
struct InputFileTests {
    @Test("a regular file is read whole; a missing path, a folder and a character device are refused with what they are")
    func kinds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inputfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.yaml").path
        let bytes = Data((0..<200_000).map { UInt8($0 % 251) })
        try bytes.write(to: URL(fileURLWithPath: file))
        #expect(try InputFile.read(file, what: "scenario .yaml file") == bytes)
        try InputFile.check(file, what: "scenario .yaml file")

        func problem(_ body: () throws -> Void) -> InputFileError? {
            do { try body() } catch { return error as? InputFileError }
            return nil
        }
        let missing = problem { _ = try InputFile.read(folder.appendingPathComponent("nope").path, what: "claims file") }
        #expect(missing?.message == "no such claims file")
        let isFolder = problem { _ = try InputFile.read(folder.path, what: "claims file") }
        #expect(isFolder?.description == "\(folder.path): is a folder; expected a claims file")
        #expect(problem { try InputFile.check(folder.path, what: "claims file") }?.problem == .notRegular("a folder"))
        // /dev/zero never ends: refused before reading (the limit only bounds this test if the check regressed).
        let device = problem { _ = try InputFile.read("/dev/zero", what: "sweep spec", maximumBytes: 1 << 20) }
        #expect(device?.description == "/dev/zero: is a character device; expected a sweep spec (a regular file)")
        #expect(problem { try InputFile.check("/dev/zero", what: "x") }?.problem == .notRegular("a character device"))
        let large = problem { _ = try InputFile.read(file, what: "scenario .yaml file", maximumBytes: 1000) }
        #expect(large?.problem == .tooLarge(bytes: 200_000, limit: 1000))
    }
}
