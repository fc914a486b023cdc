/// One entry's direct estimate.
struct EntryFit {
    var value: Double
    var standardError: Double
}

/// The adjustment a fallback entry applies to its base value: the ratio of
/// fitted to base over the categories pooled, its standard error and the
/// observations behind it.
struct PooledAdjustment {
    var ratio: Double
    var standardError: Double
    var observations: Int
    /// What was pooled, for the source text ("the condition's age groups").
    var over: String
}

/// Builds a ``FittedQuantity`` from per-entry estimates with the fallback rule
/// of ``CalibrationSettings/minimumObservations``.
struct TableFit {
    let settings: CalibrationSettings
    /// The citation of the data: `claims.csv (sha256 …, n = …) and roster.csv (…)`, or the roster's alone (the flag).
    let citation: (Int, String, Bool) -> String

    /// Entries with an estimate and enough observations are fitted; the others
    /// take `base × pooled.ratio` (or stay at the base value when there is no
    /// pooled adjustment with enough observations). `nil` when no entry is fitted
    /// and there is no adjustment: nothing to write.
    func quantity(path: String, shape: FittedQuantity.Shape, keys: [String], estimates: [EntryFit?], observations: [Int],
                  base: [Double], pooled: PooledAdjustment?, unit: String, distribution: FittedQuantity.Distribution?,
                  observationWord: String, note: String? = nil, upperBound: Double? = nil,
                  cited: (count: Int, word: String)? = nil, rosterOnly: Bool = false) -> FittedQuantity? {
        let minimum = settings.minimumObservations
        let adjustment = pooled.flatMap { $0.observations >= minimum && $0.ratio.isFinite ? $0 : nil }
        var values: [Double] = [], errors: [Double] = [], fellBack: [Bool] = []
        var fallbackKeys: [String] = []
        var capped: [String] = []
        for i in keys.indices {
            if let e = estimates[i], observations[i] >= minimum {
                values.append(e.value)
                errors.append(e.standardError)
                fellBack.append(false)
            } else {
                let ratio = adjustment?.ratio ?? 1
                values.append(base[i] * ratio)
                errors.append(base[i] * (adjustment?.standardError ?? 0))
                fellBack.append(true)
                fallbackKeys.append(keys[i])
            }
            if let upperBound, values[i] > upperBound {
                values[i] = upperBound
                capped.append(keys[i])
            }
        }
        guard fellBack.contains(false) || adjustment != nil else { return nil }
        let total = cited?.count ?? observations.reduce(0, +)
        let data = "fitted from \(citation(total, cited?.word ?? observationWord, rosterOnly))"
        var source = data
        if !fallbackKeys.isEmpty {
            let adjusted = adjustment.map { String(format: "base value × %.4g (fitted/base over %@, n = %d)", $0.ratio, $0.over, $0.observations) } ?? "the base value"
            if fallbackKeys.count == keys.count {
                source = "\(adjusted): fewer than \(minimum) \(observationWord) (n = \(observations.reduce(0, +))); \(data)"
            } else {
                source += "; \(fallbackKeys.joined(separator: ", ")): fewer than \(minimum) \(observationWord), so \(adjusted)"
            }
        }
        if !capped.isEmpty { source += "; \(capped.joined(separator: ", ")) capped at \(upperBound!)" }
        if let note { source += "; \(note)" }
        return FittedQuantity(path: path, shape: shape, keys: keys, values: values, standardErrors: errors, observations: observations,
                              fellBack: fellBack, unit: unit, distribution: distribution, source: source)
    }
}

import Foundation
