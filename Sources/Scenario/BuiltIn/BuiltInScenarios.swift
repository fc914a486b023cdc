/// The scenarios embedded in the program, each the exact bytes of its file in
/// `Scenarios/` (a test compares them; `Scenarios/embed.sh` regenerates the
/// Swift files after a scenario file changes).
enum BuiltInScenarios {
    /// Name and text, the default (`yunnan-2017`) first.
    static let all: [(name: String, text: String)] = [
        ("yunnan-2017", yunnan2017),
    ]
}
