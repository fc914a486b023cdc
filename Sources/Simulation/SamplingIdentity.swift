extension SimulationModel {
    /// The model without provenance: every parameter's source (and unit text)
    /// blanked, the numbers, distributions and structure kept. Two models with
    /// equal sampling identities sample the same people and the same claims
    /// under the same seed (common random numbers), whatever their sources say.
    ///
    /// Why: a sweep point or an overlay that changes only settlement or fiscal
    /// rules still gets a fresh source text on whatever it overrides; deciding by
    /// the loaded model rather than by matching path prefixes means a point is
    /// simulated separately exactly when its simulation differs.
    public var samplingIdentity: SimulationModel {
        var copy = self
        var table = ParameterTable()
        for var entry in parameters.entries {
            entry.source = ""
            entry.unit = ""
            _ = table.add(entry)
        }
        copy.parameters = table
        return copy
    }

    /// Whether `other` samples exactly what this model samples (see ``samplingIdentity``).
    public func samplesLike(_ other: SimulationModel) -> Bool {
        samplingIdentity == other.samplingIdentity
    }
}
