import CYaml

/// The bounds every scenario document (a scenario file, an overlay, a `--set`
/// value) is checked against **before** it is composed into a tree, so that no
/// input can make loading hang or exhaust memory.
///
/// Why before: the composer expands anchors and aliases into values, and a
/// "billion laughs" document used as a mapping key makes the duplicate-key
/// check compare exponentially large keys (issue 15). The check is one linear
/// pass over libyaml's event stream, which keeps its own stacks (no recursion),
/// so deep nesting and large files are refused in time proportional to the
/// text read.
public enum DocumentLimits {
    /// The largest scenario document accepted, in bytes (the built-in Yunnan file is about 60 KB;
    /// a province with every county and its own tables stays far below).
    public static let maximumBytes = 8 << 20
    /// The deepest nesting of mappings and lists accepted (scenario files need 8).
    public static let maximumDepth = 64
    /// The most nodes (values, mappings, lists) accepted: the built-in Yunnan file has about
    /// 12,000; the bound keeps composing (which hashes every mapping's keys) well under a second.
    public static let maximumNodes = 250_000

    /// Checks size, nesting depth, anchors and aliases, and that the text is one YAML document.
    /// `lineOffset` is subtracted from libyaml's lines (for documents composed after blank padding).
    static func check(_ text: String, file: String, lineOffset: Int = 0) throws(ScenarioError) {
        let count = text.utf8.count
        guard count <= maximumBytes else {
            throw ScenarioError(file: file, line: 0, field: "",
                                message: "the document is \(count) bytes; scenario documents are limited to \(maximumBytes) bytes")
        }
        var bytes = Array(text.utf8)
        var problem: ScenarioError?
        bytes.withUnsafeMutableBufferPointer { buffer in
            problem = scan(buffer, file: file, lineOffset: lineOffset)
        }
        if let problem { throw problem }
    }

    private static func scan(_ buffer: UnsafeMutableBufferPointer<UInt8>, file: String, lineOffset: Int) -> ScenarioError? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return ScenarioError(file: file, line: 0, field: "", message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var depth = 0
        var documents = 0
        var nodes = 0
        func line(_ mark: yaml_mark_t) -> Int { max(0, Int(mark.line) + 1 - lineOffset) }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
                if problem.contains("nesting level") {
                    return ScenarioError(file: file, line: line(parser.problem_mark), field: "",
                                         message: "mappings and lists nested more than \(maximumDepth) deep; scenario files need far fewer levels")
                }
                let context = parser.context.map { " " + String(cString: $0) } ?? ""
                return ScenarioError(file: file, line: line(parser.problem_mark), field: "",
                                     message: "YAML syntax error: \(problem)\(context)")
            }
            defer { yaml_event_delete(&event) }
            let at = line(event.start_mark)
            if event.type == YAML_SCALAR_EVENT || event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT {
                nodes += 1
                if nodes > maximumNodes {
                    return ScenarioError(file: file, line: at, field: "",
                                         message: "more than \(maximumNodes) values; scenario documents are limited to \(maximumNodes)")
                }
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return ScenarioError(file: file, line: at, field: "", message: "a second YAML document ('---'); a scenario file holds one document")
                }
            case YAML_ALIAS_EVENT:
                return ScenarioError(file: file, line: at, field: "",
                                     message: "YAML aliases (*name) are not accepted in scenario files; write the value out (or use an overlay's set: block)")
            case YAML_SCALAR_EVENT:
                if event.data.scalar.anchor != nil { return anchorError(file: file, line: at) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                if anchor != nil { return anchorError(file: file, line: at) }
                depth += 1
                if depth > maximumDepth {
                    return ScenarioError(file: file, line: at, field: "",
                                         message: "mappings and lists nested more than \(maximumDepth) deep; scenario files need far fewer levels")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                depth -= 1
            default:
                break
            }
        }
    }

    private static func anchorError(file: String, line: Int) -> ScenarioError {
        ScenarioError(file: file, line: line, field: "",
                      message: "YAML anchors (&name) are not accepted in scenario files; write the value out (or use an overlay's set: block)")
    }
}
