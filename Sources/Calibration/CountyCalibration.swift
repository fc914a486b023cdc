import Foundation

/// Fits a county's simulation parameters to its claims extract and roster
/// (`fundsim calibrate`): one pass over the claims (``ExtractTally``), then the
/// estimators of each part of the model, each quantity with its sampling
/// standard error and its fallback to the base where data are too few.
public enum CountyCalibration {
    /// Fits the county `base.countyID` of `base` to `extract`.
    public static func fit(_ extract: CalibrationExtract, base: BaseModel, settings: CalibrationSettings = .init()) throws(CalibrationError) -> CalibrationResult {
        guard let years = extract.years else {
            throw CalibrationError("the roster \(extract.rosterFile.name) has no rows; expected the county's enrolled person-years (the denominator)")
        }
        let tally = ExtractTally(extract: extract, base: base)
        let claims = extract.claimsFile, roster = extract.rosterFile
        let fit = TableFit(settings: settings) { n, word, rosterOnly in
            rosterOnly ? "\(roster.baseName) (sha256 \(roster.sha256), n = \(n) \(word))"
                : "\(claims.baseName) (sha256 \(claims.sha256), n = \(n) \(word)) and \(roster.baseName) (sha256 \(roster.sha256), n = \(roster.rows) person-years)"
        }
        let population = PopulationEstimates(extract: extract, base: base, fit: fit)
        var quantities: [FittedQuantity] = []
        if let q = population.inPovertyShare() { quantities.append(q) }
        quantities += OutpatientEstimates(tally: tally, base: base, fit: fit, hasFees: extract.hasConsultationFees).quantities()
        quantities += AdmissionEstimates(tally: tally, base: base, fit: fit).quantities()
        let conditions = ConditionEstimates(tally: tally, base: base, fit: fit).quantities()
            .map { CalibrationResult.FittedCondition(disease: $0.disease, quantities: $0.quantities) }
        var observations = population.observations()
        observations += PersistenceEstimates(extract: extract, tally: tally, base: base, minimum: settings.minimumObservations).observations()
        let unmapped = tally.unmapped.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { ($0.key, $0.value) }
        return CalibrationResult(countyID: base.countyID, baseID: base.scenario.id, claimsFile: claims, rosterFile: roster, years: years,
                                 registeredPoor: population.registeredPoor!, structure: population.structure()!, quantities: quantities, conditions: conditions,
                                 observations: observations, unmapped: unmapped, costBaseYear: base.model.costBaseYear,
                                 costGrowth: base.costGrowth, settings: settings, keptCostGrowth: base.costGrowthOverride,
                                 replacedOverrides: base.countyOverrideNames.filter { $0 != base.costGrowthOverride?.name })
    }
}
