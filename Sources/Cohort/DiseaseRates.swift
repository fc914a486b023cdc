/// Annual transition probabilities into, out of, and deaths from one
/// non-reference disease state (a state other than `DiseaseStates.names[0]`).
public struct DiseaseRates: Sendable, Hashable {
    /// Annual probability that a disease-free person enters this state.
    public var onset: AgeSexRates
    /// Annual probability that a person in this state returns to disease-free.
    public var remission: AgeSexRates
    /// Annual probability of dying of the disease, on top of (and independent
    /// of) background mortality: survival is (1 − q)(1 − excess).
    public var excessMortality: AgeSexRates

    /// Creates the rates of one disease state.
    public init(onset: AgeSexRates, remission: AgeSexRates, excessMortality: AgeSexRates) {
        self.onset = onset
        self.remission = remission
        self.excessMortality = excessMortality
    }

    /// All zeros: nobody enters, leaves or dies of the state.
    public static func zeros(bandCount: Int) -> DiseaseRates {
        let zero = AgeSexRates.zeros(bandCount: bandCount)
        return DiseaseRates(onset: zero, remission: zero, excessMortality: zero)
    }
}
