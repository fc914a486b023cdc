import Foundation

/// The element type of one array of a unit record.
public enum RecordArrayType: String, Codable, Sendable {
    /// IEEE 754 binary64, little-endian.
    case f64
    /// Two's-complement 32-bit integer, little-endian.
    case i32
    /// Two's-complement 64-bit integer, little-endian.
    case i64

    /// Bytes per element.
    public var size: Int { self == .i32 ? 4 : 8 }
    /// The code stored in the file header.
    var code: UInt8 { switch self { case .f64: 1; case .i32: 2; case .i64: 3 } }
    init?(code: UInt8) {
        switch code { case 1: self = .f64; case 2: self = .i32; case 3: self = .i64; default: return nil }
    }
}

/// One named array of every record of a shard's payload (e.g. `values: f64`).
public struct RecordArray: Codable, Hashable, Sendable {
    /// The array's name (documented per job kind in Scenarios/SHARDS.md).
    public let name: String
    /// Its element type.
    public let type: RecordArrayType
    /// Creates a descriptor.
    public init(name: String, type: RecordArrayType) {
        self.name = name
        self.type = type
    }
}

/// One unit of work's results (a draw of `fundsim run`): its index and its arrays,
/// in the order the payload's header declares them.
public struct UnitRecord: Sendable, Equatable {
    /// The unit (draw) index within the whole job.
    public var unit: Int
    /// `f64` arrays, in declaration order among the `f64` arrays.
    public var f64: [[Double]] = []
    /// `i32` arrays, in declaration order among the `i32` arrays.
    public var i32: [[Int32]] = []
    /// `i64` arrays, in declaration order among the `i64` arrays.
    public var i64: [[Int64]] = []

    /// Creates a record.
    public init(unit: Int, f64: [[Double]] = [], i32: [[Int32]] = [], i64: [[Int64]] = []) {
        self.unit = unit
        self.f64 = f64
        self.i32 = i32
        self.i64 = i64
    }
}

/// The binary payload of a shard (`units.bin`): a header, then one record per
/// unit in ascending unit order. All integers little-endian.
///
///     header: "FUNDSIM-UNITS\0\0\0" (16 bytes), u32 version (1), u32 k (arrays per record),
///             k × u8 element type (1 f64, 2 i32, 3 i64)
///     record: i64 unit, k × u32 element count, then the k arrays' elements in order
///
/// Integrity: the shard manifest records the record count, the byte count and
/// the FNV-1a 64-bit hash of the whole file (``FNV1a64``), checked by the reader.
public enum UnitRecordFile {
    /// The magic bytes at the start of the file.
    public static let magic = Array("FUNDSIM-UNITS\0\0\0".utf8)
    /// The format version this program writes and reads.
    public static let version: UInt32 = 1

    static func header(arrays: [RecordArray]) -> [UInt8] {
        var bytes = magic
        appendLE(&bytes, version)
        appendLE(&bytes, UInt32(arrays.count))
        bytes += arrays.map(\.type.code)
        return bytes
    }

    static func appendLE<T: FixedWidthInteger>(_ bytes: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func appendArray<T>(_ bytes: inout [UInt8], _ array: [T]) {
        #if _endian(little)
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in array {
            switch value {
            case let v as Double: appendLE(&bytes, v.bitPattern)
            case let v as Int32: appendLE(&bytes, v)
            case let v as Int64: appendLE(&bytes, v)
            default: preconditionFailure("unsupported element type")
            }
        }
        #endif
    }
}

/// FNV-1a, 64-bit: the payload's checksum (detects a truncated or altered copy
/// of a shard; not a cryptographic hash).
public struct FNV1a64: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Starts an empty hash.
    public init() {}
    /// Hashes more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        value = h
    }
    /// The hash as 16 lowercase hexadecimal digits.
    public var hex: String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// Streams unit records into a payload file, one record at a time.
public struct UnitRecordWriter {
    /// The record layout.
    public let arrays: [RecordArray]
    /// Records written.
    public private(set) var records = 0
    /// Bytes written.
    public private(set) var bytes = 0
    private var hash = FNV1a64()
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var lastUnit = Int.min

    /// Creates the file at `url` (replacing any) and writes the header.
    public init(url: URL, arrays: [RecordArray]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ShardError(message: "\(url.path): cannot create the file")
        }
        handle = try FileHandle(forWritingTo: url)
        self.arrays = arrays
        buffer = UnitRecordFile.header(arrays: arrays)
        try flush()
    }

    /// Appends a record; units must ascend and the record must have the declared arrays.
    public mutating func append(_ record: UnitRecord) throws {
        precondition(record.unit > lastUnit, "records must ascend")
        lastUnit = record.unit
        var counts = (f64: 0, i32: 0, i64: 0)
        UnitRecordFile.appendLE(&buffer, Int64(record.unit))
        for array in arrays {
            let count: Int
            switch array.type {
            case .f64: count = record.f64[counts.f64].count; counts.f64 += 1
            case .i32: count = record.i32[counts.i32].count; counts.i32 += 1
            case .i64: count = record.i64[counts.i64].count; counts.i64 += 1
            }
            UnitRecordFile.appendLE(&buffer, UInt32(count))
        }
        precondition(counts.f64 == record.f64.count && counts.i32 == record.i32.count && counts.i64 == record.i64.count,
                     "record arrays do not match the layout")
        counts = (0, 0, 0)
        for array in arrays {
            switch array.type {
            case .f64: UnitRecordFile.appendArray(&buffer, record.f64[counts.f64]); counts.f64 += 1
            case .i32: UnitRecordFile.appendArray(&buffer, record.i32[counts.i32]); counts.i32 += 1
            case .i64: UnitRecordFile.appendArray(&buffer, record.i64[counts.i64]); counts.i64 += 1
            }
        }
        records += 1
        try flush()
    }

    private mutating func flush() throws {
        buffer.withUnsafeBytes { hash.update($0) }
        bytes += buffer.count
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes to disk and closes; returns the record count, byte count and hash for the manifest.
    public func close() throws -> ShardPayload {
        try handle.synchronize()
        try handle.close()
        return ShardPayload(file: ShardPayload.defaultFile, arrays: arrays, records: records, bytes: bytes, fnv1a64: hash.hex)
    }
}

/// Reads a payload file record by record, checking its header against the
/// manifest's layout and, at the end, its record count, size and hash.
public struct UnitRecordReader {
    /// What the manifest says the file holds.
    public let payload: ShardPayload
    /// The file (for messages).
    public let url: URL
    private let handle: FileHandle
    private var hash = FNV1a64()
    private var bytes = 0
    private var records = 0
    private var finished = false

    /// Opens the file and checks its header.
    public init(url: URL, payload: ShardPayload) throws {
        self.url = url
        self.payload = payload
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ShardError(message: "\(url.path): cannot open the shard's payload (\(error.localizedDescription))")
        }
        let expected = UnitRecordFile.header(arrays: payload.arrays)
        let header = try read(expected.count)
        guard header == expected else {
            throw ShardError(message: "\(url.path): the header is not that of a fundsim unit file version \(UnitRecordFile.version) with arrays \(payload.arrays.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: ", "))")
        }
    }

    private mutating func read(_ count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        let data = try handle.read(upToCount: count) ?? Data()
        guard data.count == count else {
            throw ShardError(message: "\(url.path): truncated at byte \(bytes + data.count) (expected \(payload.bytes) bytes)")
        }
        let array = [UInt8](data)
        array.withUnsafeBytes { hash.update($0) }
        bytes += count
        return array
    }

    private static func integer<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as: T.Type) -> T {
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<(offset + MemoryLayout<T>.size)]) }
        return T(littleEndian: value)
    }

    private static func elements<T>(_ bytes: [UInt8], as: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                #else
                preconditionFailure("big-endian hosts are not supported")
                #endif
            }
            initialized = count
        }
    }

    /// The next record, or `nil` after the last one (when the record count, size and hash are checked).
    public mutating func next() throws -> UnitRecord? {
        if records == payload.records {
            if !finished {
                finished = true
                let extra = try handle.read(upToCount: 1) ?? Data()
                guard extra.isEmpty, bytes == payload.bytes else {
                    throw ShardError(message: "\(url.path): longer than the \(payload.bytes) bytes its manifest records")
                }
                guard hash.hex == payload.fnv1a64 else {
                    throw ShardError(message: "\(url.path): FNV-1a hash \(hash.hex) differs from the manifest's \(payload.fnv1a64): the file was altered or damaged")
                }
            }
            return nil
        }
        let head = try read(8 + 4 * payload.arrays.count)
        var record = UnitRecord(unit: Int(Self.integer(head, at: 0, as: Int64.self)))
        for (a, array) in payload.arrays.enumerated() {
            let count = Int(Self.integer(head, at: 8 + 4 * a, as: UInt32.self))
            guard count * array.type.size <= payload.bytes else {
                throw ShardError(message: "\(url.path): record \(records) claims \(count) elements in '\(array.name)', more than the file holds")
            }
            let body = try read(count * array.type.size)
            switch array.type {
            case .f64: record.f64.append(Self.elements(body, as: Double.self))
            case .i32: record.i32.append(Self.elements(body, as: Int32.self))
            case .i64: record.i64.append(Self.elements(body, as: Int64.self))
            }
        }
        records += 1
        return record
    }

}
