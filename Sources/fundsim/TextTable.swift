/// A plain-text table with columns padded to their display width, counting
/// East Asian wide characters (汉字, full-width forms) as two columns so that
/// Chinese names line up in a terminal.
struct TextTable {
    /// The column titles.
    let header: [String]
    /// The rows, each as long as the header.
    let rows: [[String]]

    /// The table, one line per row, columns separated by two spaces.
    func render() -> String {
        var widths = header.map(Self.displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.displayWidth(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                text += cell
                if i < cells.count - 1 { text += String(repeating: " ", count: widths[i] - Self.displayWidth(cell) + 2) }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(header) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }

    /// Terminal columns the text occupies: 2 for wide scalars, 1 otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }
}
