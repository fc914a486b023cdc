/// The scenarios embedded in the program: every `Scenarios/*.yaml`, each the exact bytes of
/// its file. The EmbedScenarios build plugin (`Sources/EmbedScenariosPlugin`) generates
/// `BuiltInScenarios.files` from the files at build time, so an edited or added scenario file
/// is embedded by the next build; a test compares each embedded text with its file.
enum BuiltInScenarios {
    /// Name and text, the default (``ScenarioLoader/defaultName``) first, then the others by name.
    static let all: [(name: String, text: String)] =
        files.filter { $0.name == ScenarioLoader.defaultName } + files.filter { $0.name != ScenarioLoader.defaultName }
}
