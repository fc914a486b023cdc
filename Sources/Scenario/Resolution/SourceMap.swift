/// Where each line of a resolved scenario came from.
///
/// An overlay's tree mixes nodes of several documents (the base file, the
/// overlay, each `--set` value). Every document is composed after as many blank
/// lines as the documents before it took, so its nodes carry lines no other
/// document uses; this map turns such a line back into the document's own
/// file and line, so that an error inside an overlay's `set:` block names the
/// overlay and a bad `--set` value names the flag.
struct SourceMap: Sendable {
    /// One document: its first padded line, line count, and what to report.
    struct Region: Sendable {
        let start: Int
        let lines: Int
        let file: String
        /// A fixed line to report (a `--set` has none, a sweep point its spec's line), or `nil` to use the document's own.
        let fixedLine: Int?
    }

    private(set) var regions: [Region] = []
    /// The first line free for the next document.
    private(set) var nextLine = 0

    /// Registers a document of `text` and returns the number of blank lines to prepend to it.
    mutating func add(text: String, file: String, fixedLine: Int? = nil) -> Int {
        let offset = nextLine
        let lines = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        regions.append(Region(start: offset, lines: lines, file: file, fixedLine: fixedLine))
        nextLine = offset + lines + 1
        return offset
    }

    /// The file and line of a padded line (0: unknown); `fallback` when no document holds it.
    func locate(_ line: Int, fallback: String) -> (file: String, line: Int) {
        guard line > 0 else { return (regions.first?.file ?? fallback, 0) }
        for region in regions where line > region.start && line <= region.start + region.lines {
            return (region.file, region.fixedLine ?? line - region.start)
        }
        return (fallback, line)
    }
}
