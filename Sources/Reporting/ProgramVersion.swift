/// The version of fundsim, in one place: printed by `fundsim --version` and
/// recorded in every manifest.
public enum ProgramVersion {
    /// Semantic version of fundsim.
    public static let current = "0.1.0"
}
