import Yams

/// Per-county overrides in the tree: `simulation.county_overrides.COUNTY.…`.
enum CountyOverrides {
    /// Creates the nodes a path into `simulation.county_overrides.COUNTY` needs when they
    /// are missing, copying the province's quantity; returns the path's steps, or `nil`
    /// when the path is not such a path.
    static func create(_ root: inout Node, path: ParameterPath) -> [PathStep]? {
        nil
    }
}
