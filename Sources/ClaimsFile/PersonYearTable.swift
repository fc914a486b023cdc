/// The accumulators of every person-year seen so far in a claims file: the only
/// state that must live across rows, since a person's claims may be anywhere in
/// the file (first and last row). Flat storage, no object per person-year:
/// the person ids back to back in one byte array, 16 bytes of entry each, the
/// engine's accumulators (`slotCount` fen values) in one `Int64` array, and an
/// open-addressing index of 8 bytes per slot (at most 70% full). For the Yunnan
/// plan (6 accumulators) and ids of about 8 bytes that is about 100 bytes per
/// person-year.
///
/// The hash is seeded per run, so a file cannot be built to make lookups slow;
/// the seed changes where entries sit, never a result.
final class PersonYearTable {
    private struct Entry {
        var idOffset: Int
        var idLength: Int32
        var year: Int32
    }

    /// Accumulators per person-year.
    let slotCount: Int
    /// Person-years seen.
    private(set) var count = 0
    private var mask: Int
    /// 0 for empty, else (lower 32 bits of the hash) << 32 | (entry index + 1): the
    /// stored hash bits also give the home slot again when the index grows.
    private var index: UnsafeMutablePointer<UInt64>
    private var entries: [Entry] = []
    private var ids: [UInt8] = []
    /// `slotCount` values per entry, in entry order.
    private(set) var accumulators: [Int64] = []

    init(slotCount: Int, initialCapacity: Int = 1 << 12) {
        self.slotCount = slotCount
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        mask = capacity - 1
        index = .allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
    }

    deinit { index.deallocate() }

    /// Bytes held, for the benchmark's per-person-year figure.
    var bytesHeld: Int {
        (mask + 1) * 8 + entries.capacity * MemoryLayout<Entry>.stride + ids.capacity + accumulators.capacity * 8
    }

    /// The hash of a person-year key.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, count n: Int, year: Int32, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: year))
        var i = 0
        while i &+ 8 <= n {
            h = mix(h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i &+= 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift &+= 8
                i &+= 1
            }
            h = mix(h ^ tail ^ 0xFF00_0000_0000_0000)
        }
        return mix(h)
    }

    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }

    /// The position of the person-year's accumulators in ``accumulators`` (times
    /// ``slotCount``), inserting zeroed accumulators for a new one.
    @inline(__always)
    func find(hash: UInt64, id: UnsafeRawPointer, length: Int, year: Int32) -> Int {
        let tag = hash << 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = index[slot]
            if value == 0 { break }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) &- 1
                let entry = entries[e]
                if entry.year == year && Int(entry.idLength) == length
                    && ids.withUnsafeBytes({ memcmp($0.baseAddress! + entry.idOffset, id, length) == 0 }) {
                    return e
                }
            }
            slot = (slot &+ 1) & mask
        }
        // New person-year.
        let e = count
        entries.append(Entry(idOffset: ids.count, idLength: Int32(length), year: year))
        ids.append(contentsOf: UnsafeRawBufferPointer(start: id, count: length))
        accumulators.append(contentsOf: repeatElement(0, count: slotCount))
        index[slot] = tag | UInt64(e &+ 1)
        count &+= 1
        precondition(count < Int(UInt32.max), "more than 4 billion person-years")
        if count * 10 > (mask + 1) * 7 { grow() }
        return e
    }

    /// Runs `body` on the accumulators of entry `e`.
    @inline(__always)
    func withAccumulators<R>(_ e: Int, _ body: (UnsafeMutablePointer<Int64>) -> R) -> R {
        accumulators.withUnsafeMutableBufferPointer { body($0.baseAddress! + e &* slotCount) }
    }

    private func grow() {
        let capacity = (mask + 1) * 2
        let newIndex = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        newIndex.initialize(repeating: 0, count: capacity)
        let newMask = capacity - 1
        for slot in 0...mask {
            let value = index[slot]
            if value == 0 { continue }
            var s = Int(truncatingIfNeeded: value >> 32) & newMask
            while newIndex[s] != 0 { s = (s &+ 1) & newMask }
            newIndex[s] = value
        }
        index.deallocate()
        index = newIndex
        mask = newMask
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
