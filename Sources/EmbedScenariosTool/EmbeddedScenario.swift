import Foundation

/// One scenario file to embed: its built-in name and its exact text.
struct EmbeddedScenario: Equatable {
    /// The built-in name: the file name without `.yaml` (`yunnan-2017`).
    var name: String
    /// The file's text, every byte of it.
    var text: String

    /// Why a file cannot be embedded, naming the file.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `url`; its name must be letters, digits, `-`, `_` or `.` (it is typed on the command
    /// line) and its bytes UTF-8, so that the embedded text is byte-identical to the file.
    init(contentsOf url: URL) throws {
        let name = url.deletingPathExtension().lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Failure(description: "\(url.path): cannot read: \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Failure(description: "\(url.path): not UTF-8; a scenario file must be UTF-8 text")
        }
        try self.init(name: name, text: text, file: url.path)
    }

    /// A scenario with `name`, checked as a built-in name; `file` names it in the error.
    init(name: String, text: String, file: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.".unicodeScalars)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw Failure(description: "\(file): the name \"\(name)\" is not a built-in scenario name; expected letters, digits, '-', '_' or '.'")
        }
        self.name = name
        self.text = text
    }

    /// The `*.yaml` files directly in `folder`, in name order.
    static func scenarioFiles(in folder: URL) throws -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw Failure(description: "\(folder.path): cannot list the scenario files: \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The generated Swift file: `BuiltInScenarios.files`, the scenarios in name order.
    static func swiftSource(_ scenarios: [EmbeddedScenario]) -> String {
        var source = """
            // Generated at build time by the EmbedScenarios plugin (Sources/EmbedScenariosPlugin) from
            // Scenarios/*.yaml: do not edit; edit the .yaml file, and the next build embeds it.

            extension BuiltInScenarios {
                /// Every `Scenarios/*.yaml`: its name (the file name without `.yaml`) and its
                /// exact text, in name order.
                static let files: [(name: String, text: String)] = [

            """
        for scenario in scenarios.sorted(by: { $0.name < $1.name }) {
            source += "        (\"\(scenario.name)\", \(multiLineRawLiteral(scenario.text))),\n"
        }
        source += "    ]\n}\n"
        return source
    }

    /// A Swift multi-line raw string literal whose value is exactly `text`: delimited by one `#`
    /// more than any run of `#` after a `"` or `\` in the text (so nothing in it ends the literal
    /// or starts an escape), the control characters the compiler does not accept in source
    /// (all but tab and line feed, so also a carriage return) written as `\#u{…}` escapes,
    /// and the closing delimiter unindented (no indentation is stripped).
    static func multiLineRawLiteral(_ text: String) -> String {
        var longestRun = 0
        var run: Int? = nil
        for scalar in text.unicodeScalars {
            if scalar == "#", let current = run {
                run = current + 1
                longestRun = max(longestRun, current + 1)
            } else {
                run = (scalar == "\"" || scalar == "\\") ? 0 : nil
            }
        }
        let hashes = String(repeating: "#", count: longestRun + 1)
        var body = ""
        body.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F {
                body += "\\\(hashes)u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                body.unicodeScalars.append(scalar)
            }
        }
        return "\(hashes)\"\"\"\n\(body)\n\"\"\"\(hashes)"
    }
}
