/// The position of a disease in a ``DiseaseCatalog``: what a claim, a condition of
/// the utilisation model and a compiled plan's disease tables carry instead of the
/// disease's code.
///
/// Why a type: "no disease recorded" is `DiseaseIndex?`'s `nil`, not a value such as
/// −1 that every user must remember to test. One byte, so that an optional index is
/// two and a ``Claim`` keeps its small fields in one 8-byte word; a catalog holds at
/// most ``capacity`` diseases (the policy's has 44).
@frozen
public struct DiseaseIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The position in the catalog, `0 ..< catalog.diseases.count`.
    public let rawValue: UInt8

    /// The most diseases a catalog may hold.
    public static let capacity = Int(UInt8.max) + 1

    /// The index with this raw value.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The index of catalog position `position`, which must be in `0 ..< capacity`.
    @inlinable public init(_ position: Int) {
        precondition(position >= 0 && position < Self.capacity, "disease position \(position) outside 0..<\(Self.capacity)")
        rawValue = UInt8(truncatingIfNeeded: position)
    }

    /// The position as an `Int`, for indexing arrays laid out in catalog order.
    @inlinable public var position: Int { Int(rawValue) }

    @inlinable public static func < (a: DiseaseIndex, b: DiseaseIndex) -> Bool { a.rawValue < b.rawValue }

    /// The position in decimal.
    public var description: String { String(rawValue) }
}
