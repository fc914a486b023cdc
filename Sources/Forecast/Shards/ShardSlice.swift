/// Shard `index` of `count` of a job of `units` work units (draws): the
/// contiguous range `⌊index × units / count⌋ ..< ⌊(index + 1) × units / count⌋`.
///
/// Why contiguous: each shard then holds its draws in draw order, so a merge
/// reads the shards one after the other and never holds more than one draw.
/// Shard sizes differ by at most one; with `count > units` some shards are
/// empty, which is valid (a shard folder with no draws).
public struct ShardSlice: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The shard's index, counted from 0.
    public let index: Int
    /// How many shards the job has.
    public let count: Int

    /// Creates a slice; `0 ≤ index < count`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1 else { throw ShardError(message: "a job has at least 1 shard, got \(count)") }
        guard index >= 0 && index < count else {
            throw ShardError(message: "shard index \(index) is outside 0...\(count - 1) (shards count from 0: 0/\(count) … \(count - 1)/\(count))")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (e.g. `0/4`).
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError(message: "--shard expects I/N with 0 ≤ I < N (e.g. 0/4), got '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    /// The units (draws) of this shard within `0..<units`.
    public func range(units: Int) -> Range<Int> {
        let lower = index * units / count
        let upper = (index + 1) * units / count
        return lower..<upper
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// A shard that cannot be made, read or merged; the message names the shard or file.
public struct ShardError: Error, CustomStringConvertible, Equatable {
    /// What is wrong.
    public let message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
