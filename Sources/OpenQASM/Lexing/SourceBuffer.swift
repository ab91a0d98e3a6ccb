/// A source file as the front end works on it: its bytes and its line table.
struct SourceBuffer: Sendable {
    let name: String
    let bytes: [UInt8]
    let lineTable: LineTable

    init(_ source: SourceFile) {
        self.name = source.name
        self.bytes = Array(source.text.utf8)
        self.lineTable = LineTable(self.bytes)
    }

    func location(at offset: Int) -> SourceLocation {
        let (line, column) = self.lineTable.lineAndColumn(of: offset)
        return SourceLocation(file: self.name, line: line, column: column)
    }

    /// The text of `range`, decoded as UTF-8.
    func text(_ range: Range<Int>) -> String {
        self.bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
    }

    func text(of token: Token) -> String {
        self.text(token.start..<token.end)
    }

    /// How `token` reads where a diagnostic says what was found instead of what was expected.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile:
            return "end of file"
        case .string:
            return "string \(self.text(of: token))"
        default:
            let text = self.text(of: token)
            return text.count > 32 ? "'\(text.prefix(32))…'" : "'\(text)'"
        }
    }
}
