import Yams

extension Scenario {
    /// The value written at a parameter path of this scenario's resolved
    /// document (the `value` of a quantity, or a scalar), as YAML text; an
    /// error naming the path when it does not resolve to a single value.
    /// A sweep uses it for the base values of a one-at-a-time design.
    public func valueText(at pathText: String) throws(ScenarioError) -> String {
        func fail(_ message: String) -> ScenarioError { ScenarioError(file: sourceName, line: 0, field: pathText, message: message) }
        let path: ParameterPath
        switch ParameterPath.parse(pathText) {
        case .success(let parsed): path = parsed
        case .failure(let problem): throw fail("not a parameter path: \(problem.message)")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: sourceText) } catch { throw fail("cannot read the resolved scenario: \(error)") }
        guard let root else { throw fail("empty scenario") }
        var node: Node
        switch root.resolve(path) {
        case .success(let steps): node = root.descendant(steps)
        case .failure(let problem): throw fail(problem.message)
        }
        if node.isQuantity, case .mapping(let quantity) = node {
            guard let value = quantity["value"] else {
                throw fail("is a table; name one of its entries")
            }
            node = value
        }
        guard case .scalar(let scalar) = node else { throw fail("is not a single value") }
        return scalar.string
    }
}
