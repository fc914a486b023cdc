/// Contiguous age bands given by their lower bounds, the last one open-ended.
///
/// Ageing moves a fraction 1/width of a band to the next band each year, so
/// each closed band's width in years matters; the open last band absorbs.
public struct AgeBands: Sendable, Hashable {
    /// Lower bound of each band in years: starts at 0, strictly increasing.
    public let lowerBounds: [Int]

    /// Creates bands from their lower bounds.
    ///
    /// - Throws: ``CohortError/invalidAgeBands(lowerBounds:)`` unless the
    ///   bounds are non-empty, start at 0 and strictly increase.
    public init(lowerBounds: [Int]) throws(CohortError) {
        guard let first = lowerBounds.first, first == 0,
              zip(lowerBounds, lowerBounds.dropFirst()).allSatisfy({ $0 < $1 })
        else { throw .invalidAgeBands(lowerBounds: lowerBounds) }
        self.lowerBounds = lowerBounds
    }

    /// The default bands: 0, 5, 15, 25, 35, 45, 55, 65, 75, 85+.
    public static let standard: AgeBands = {
        do { return try AgeBands(lowerBounds: [0, 5, 15, 25, 35, 45, 55, 65, 75, 85]) }
        catch { preconditionFailure("standard age bands are valid: \(error)") }
    }()

    /// Number of bands.
    public var count: Int { lowerBounds.count }

    /// Width of band `band` in years, or `nil` for the open last band.
    public func width(of band: Int) -> Int? {
        band + 1 < lowerBounds.count ? lowerBounds[band + 1] - lowerBounds[band] : nil
    }

    /// Annual probability of moving from `band` to the next one: 1/width,
    /// and 0 for the open last band.
    public func ageingProbability(of band: Int) -> Double {
        guard let width = width(of: band) else { return 0 }
        return 1 / Double(width)
    }

    /// Share of band `band` whose ages lie in `ages`, assuming ages are spread
    /// uniformly inside the band. The open last band counts as fully inside
    /// when its lower bound is in `ages`, otherwise fully outside.
    ///
    /// Used to turn a rate per person of given ages (births per person aged
    /// 15–49) into a rate per band member.
    public func overlap(of band: Int, with ages: Range<Int>) -> Double {
        let lower = lowerBounds[band]
        guard let width = width(of: band) else { return ages.contains(lower) ? 1 : 0 }
        let inside = min(lower + width, ages.upperBound) - max(lower, ages.lowerBound)
        return inside > 0 ? Double(inside) / Double(width) : 0
    }
}
