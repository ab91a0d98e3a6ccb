/// Plain-text tables as Slurm's commands print them: a header row, columns separated by
/// spaces, each column as wide as its widest cell.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []
    /// Text before every line (for tables nested under a heading).
    public var indent: String

    public init(columns: [Column], indent: String = "") {
        self.columns = columns
        self.indent = indent
    }

    public mutating func append(_ row: [String]) {
        self.rows.append(row)
    }

    /// The table with a trailing newline; the last column is not padded.
    public func render(header: Bool = true) -> String {
        var widths = self.columns.map { header ? $0.title.count : 0 }
        for row in self.rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        let lines = (header ? [self.columns.map(\.title)] : []) + self.rows
        for line in lines {
            var text = self.indent
            for (index, column) in self.columns.enumerated() {
                let cell = index < line.count ? line[index] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                let isLast = index == self.columns.count - 1
                if index > 0 { text += " " }
                switch column.alignment {
                case .left: text += isLast ? cell : cell + padding
                case .right: text += padding + cell
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            out += text + "\n"
        }
        return out
    }
}
