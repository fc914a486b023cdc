import Simulation

extension LedgerLayout {
    /// The index of the item with this output name; tests read rows by the names a user sees
    /// (production code finds items by ``LedgerItem`` and position, never by name).
    public func index(named name: String) -> Int {
        guard let i = names.firstIndex(of: name) else { preconditionFailure("no ledger item \(name)") }
        return i
    }
}
