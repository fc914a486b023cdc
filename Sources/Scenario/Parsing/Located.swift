import Yams

/// A YAML node with the dotted path that names it in error messages, e.g.
/// `tiers[backstop].rules[compliant_inpatient].top_up.target`.
struct Located {
    /// The node.
    let node: Node
    /// Its path from the document root.
    let path: String

    /// The node's 1-based line (0 when Yams gave no mark).
    var line: Int { node.mark?.line ?? 0 }

    /// A short rendering of the node for messages: the scalar text, or its kind.
    var shortText: String {
        switch node {
        case .scalar(let s): "'\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// The entries of a mapping node whose keys have been checked against the
/// keys the field allows, in file order.
struct Fields {
    /// The mapping itself.
    let owner: Located
    /// Key, value and the line of the key, in file order.
    let entries: [(key: String, value: Located)]

    /// The value of a key, or `nil` when absent.
    subscript(key: String) -> Located? { entries.first { $0.key == key }?.value }

    /// Whether the key is present.
    func has(_ key: String) -> Bool { self[key] != nil }
}
