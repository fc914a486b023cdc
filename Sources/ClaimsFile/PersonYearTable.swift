import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The accumulators of every person-year seen so far in a claims file: the only
/// state that must live across rows, since a person's claims may be anywhere in
/// the file (first and last row).
///
/// Flat storage, no object per person-year. Each person-year is one record of
/// `16 + 8 × slotCount` bytes: the year, the id's length, the id itself when it
/// has at most 8 bytes (else its offset in a byte arena), then the engine's
/// accumulators (fen). For the Yunnan plan (6 accumulators) a record is 64
/// bytes, one cache line, so a lookup touches the index and one line. Records
/// live in chunks of 65,536 that never move (memory grows by a chunk, without
/// the copy of a doubling array); the open-addressing index holds 8 bytes per
/// slot and is at most 70% full. About 80 bytes per person-year in all.
///
/// The hash is seeded per run, so a file cannot be built to make lookups slow;
/// the seed changes where entries sit, never a result.
struct PersonYearTable: ~Copyable {
    /// Accumulators per person-year.
    let slotCount: Int
    /// Person-years seen.
    private(set) var count = 0
    private let stride: Int  // bytes per record
    private var mask: Int
    /// 0 for empty, else (lower 32 bits of the hash) << 32 | (record index + 1):
    /// the stored hash bits give the home slot again when the index grows.
    private var index: UnsafeMutablePointer<UInt64>
    private var indexBytes: Int
    /// The record chunks: room for 65,536 chunk pointers (4 billion records), only touched as used.
    private let chunks: UnsafeMutablePointer<UnsafeMutableRawPointer>
    private var chunkCount = 0
    private static let chunkShift = 16
    private static let chunkRecords = 1 << chunkShift
    /// Ids longer than 8 bytes, back to back.
    private var longIDs: UnsafeMutablePointer<UInt8>
    private var longIDsCount = 0
    private var longIDsCapacity = 0

    init(slotCount: Int, initialCapacity: Int = 1 << 12) {
        self.slotCount = slotCount
        stride = 16 + 8 * slotCount
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        mask = capacity - 1
        indexBytes = capacity * 8
        index = LargePages.allocate(byteCount: indexBytes).bindMemory(to: UInt64.self, capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        longIDs = .allocate(capacity: 1)
        chunks = .allocate(capacity: 1 << 16)
    }

    deinit {
        LargePages.deallocate(index, byteCount: indexBytes)
        for c in 0..<chunkCount { LargePages.deallocate(chunks[c], byteCount: Self.chunkRecords * stride) }
        chunks.deallocate()
        longIDs.deallocate()
    }

    /// Bytes held, for the benchmark's per-person-year figure.
    var bytesHeld: Int { (mask + 1) * 8 + chunkCount * Self.chunkRecords * stride + longIDsCapacity }

    /// The hash of a person-year key.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, count n: Int, year: Int32, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: year))
        var i = 0
        while i &+ 8 <= n {
            h = mix(h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i &+= 8
        }
        if i < n { h = mix(h ^ tail(p + i, n &- i) ^ 0xFF00_0000_0000_0000) }
        return mix(h)
    }

    /// Up to 8 bytes as a little-endian word, zero-padded, reading only those
    /// bytes: two overlapping 4-byte loads (or three single bytes), no memcpy call.
    @inline(__always) static func tail(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        if n >= 4 {
            let low = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)))
            return low | high << (UInt64(n &- 4) &* 8)
        }
        if n == 0 { return 0 }
        let b = p.assumingMemoryBound(to: UInt8.self)
        let half = n >> 1
        return UInt64(b[0]) | UInt64(b[half]) << (UInt64(half) &* 8) | UInt64(b[n &- 1]) << (UInt64(n &- 1) &* 8)
    }

    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }

    @inline(__always) private func record(_ r: Int) -> UnsafeMutableRawPointer {
        chunks[r >> Self.chunkShift] + (r & (Self.chunkRecords - 1)) &* stride
    }

    /// Hints the cache to fetch the index slot of a key that is looked up soon.
    @inline(__always)
    func prefetchSlot(hash: UInt64) {
        fundsim_prefetch(index + (Int(truncatingIfNeeded: hash) & mask))
    }

    /// Hints the cache to fetch the record a key's home slot points to (its slot
    /// should already be cached by ``prefetchSlot(hash:)``).
    @inline(__always)
    func prefetchRecord(hash: UInt64) {
        let value = index[Int(truncatingIfNeeded: hash) & mask]
        if value != 0 { fundsim_prefetch(record(Int(truncatingIfNeeded: value & 0xFFFF_FFFF) &- 1)) }
    }

    /// The accumulators (``slotCount`` fen values) of the person-year, zeroed when new.
    @inline(__always)
    mutating func accumulators(hash: UInt64, id: UnsafeRawPointer, length: Int, year: Int32) -> UnsafeMutablePointer<Int64> {
        let tag = hash << 32
        let shortID = length <= 8 ? Self.tail(id, length) : 0
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = index[slot]
            if value == 0 { break }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let r = record(Int(truncatingIfNeeded: value & 0xFFFF_FFFF) &- 1)
                if r.load(as: Int32.self) == year && Int(r.load(fromByteOffset: 4, as: Int32.self)) == length {
                    let stored = r.load(fromByteOffset: 8, as: UInt64.self)
                    let same = length <= 8 ? stored == shortID : memcmp(longIDs + Int(stored), id, length) == 0
                    if same { return (r + 16).assumingMemoryBound(to: Int64.self) }
                }
            }
            slot = (slot &+ 1) & mask
        }
        // A new person-year.
        let e = count
        if e >> Self.chunkShift == chunkCount {
            chunks[chunkCount] = LargePages.allocate(byteCount: Self.chunkRecords * stride)
            chunkCount += 1
        }
        let r = record(e)
        r.storeBytes(of: year, as: Int32.self)
        r.storeBytes(of: Int32(length), toByteOffset: 4, as: Int32.self)
        if length <= 8 {
            r.storeBytes(of: shortID, toByteOffset: 8, as: UInt64.self)
        } else {
            r.storeBytes(of: UInt64(storeLongID(id, length)), toByteOffset: 8, as: UInt64.self)
        }
        let accumulators = (r + 16).bindMemory(to: Int64.self, capacity: slotCount)
        accumulators.initialize(repeating: 0, count: slotCount)
        index[slot] = tag | UInt64(e &+ 1)
        count &+= 1
        precondition(count < Int(UInt32.max), "more than 4 billion person-years")
        if count &* 10 > (mask &+ 1) &* 7 { grow() }
        return accumulators
    }

    private mutating func storeLongID(_ id: UnsafeRawPointer, _ length: Int) -> Int {
        if longIDsCount + length > longIDsCapacity {
            let capacity = max(longIDsCapacity * 2, longIDsCount + length, 1 << 16)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: longIDs, count: longIDsCount)
            longIDs.deallocate()
            longIDs = bigger
            longIDsCapacity = capacity
        }
        let offset = longIDsCount
        (longIDs + offset).update(from: id.assumingMemoryBound(to: UInt8.self), count: length)
        longIDsCount += length
        return offset
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        let newIndex = LargePages.allocate(byteCount: capacity * 8).bindMemory(to: UInt64.self, capacity: capacity)
        newIndex.initialize(repeating: 0, count: capacity)
        let newMask = capacity - 1
        for slot in 0...mask {
            let value = index[slot]
            if value == 0 { continue }
            var s = Int(truncatingIfNeeded: value >> 32) & newMask
            while newIndex[s] != 0 { s = (s &+ 1) & newMask }
            newIndex[s] = value
        }
        LargePages.deallocate(index, byteCount: indexBytes)
        index = newIndex
        indexBytes = capacity * 8
        mask = newMask
    }
}

/// Memory for the table's index and record chunks, on 2 MiB pages where the
/// system offers them (Linux transparent huge pages, asked for with `madvise`).
/// Every row looks up a random person-year in tens of megabytes; with 4 KiB
/// pages nearly each lookup also misses the TLB, and the page walk (two-level
/// under a hypervisor) costs more than the cache miss itself.
enum LargePages {
    static let size = 2 << 20

    /// 64-byte aligned memory of `byteCount` bytes; 2 MiB aligned and advised
    /// for huge pages when at least that large. Free with ``deallocate(_:byteCount:)``.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        if byteCount >= size {
            var memory: UnsafeMutableRawPointer?
            if posix_memalign(&memory, size, byteCount) == 0, let memory {
                _ = madvise(memory, byteCount, MADV_HUGEPAGE)  // a hint; refused harmlessly
                return memory
            }
        }
        #endif
        return .allocate(byteCount: max(byteCount, 1), alignment: 64)
    }

    /// Frees memory from ``allocate(byteCount:)`` of the same size.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        if byteCount >= size {
            free(memory)
            return
        }
        #endif
        memory.deallocate()
    }
}
