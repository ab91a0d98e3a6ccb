/// Reads the Slurm-style `qpi.conf` format into entries.
///
/// Each line holds space-separated `Key=Value` pairs. A value may be double-quoted to
/// hold spaces or `#`, or single-quoted to hold double quotes too, as JSON needs; there
/// are no escapes. `#` starts a comment at the beginning of a line or after whitespace,
/// so `Domain=a#b` keeps its `#`. A line whose first key is `QPUName` declares a QPU and
/// all its pairs are that QPU's fields; on other lines each pair is a setting. Keys are
/// looked up later, so this reader knows no key names but QPUName.
enum ConfFileParser {
    private typealias Pair = (key: String, value: String)
    private typealias Bytes = ArraySlice<UInt8>

    /// The entries of `text` and a diagnostic for every line that does not scan.
    ///
    /// Every command reads this file before its request, so it is scanned as UTF-8 bytes:
    /// each delimiter is ASCII, and walking grapheme clusters cost a command more than its
    /// request to the controller did.
    static func parse(_ text: String, path: String) -> (FileDocument, [ConfigurationDiagnostic]) {
        var document = FileDocument()
        var diagnostics: [ConfigurationDiagnostic] = []
        for (index, line) in self.lines(of: Array(text.utf8)).enumerated() {
            let location = ConfigurationLocation.file(path: path, line: index + 1)
            let pairs: [Pair]
            do {
                pairs = try self.pairs(in: line)
            } catch {
                diagnostics.append(
                    ConfigurationDiagnostic(code: .malformedLine, message: error.problem, location: location))
                continue
            }
            let entries = pairs.map { FileDocument.Entry(key: $0.key, value: $0.value, location: location) }
            if let first = entries.first, ConfigurationKey.normalized(first.key) == QPUFields.nameKey {
                document.qpus.append(FileDocument.QPUEntry(fields: entries, location: location))
            } else {
                document.settings += entries
            }
        }
        return (document, diagnostics)
    }

    private struct LineProblem: Error {
        let problem: String
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let comment = UInt8(ascii: "#")
    private static let equals = UInt8(ascii: "=")
    private static let quotes: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "'")]

    /// The lines of `bytes`, ended by LF, CR LF or a lone CR.
    private static func lines(of bytes: [UInt8]) -> [Bytes] {
        var lines: [Bytes] = []
        var start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == self.newline || byte == self.carriageReturn else {
                index += 1
                continue
            }
            lines.append(bytes[start..<index])
            index +=
                byte == self.carriageReturn && index + 1 < bytes.endIndex && bytes[index + 1] == self.newline ? 2 : 1
            start = index
        }
        lines.append(bytes[start..<bytes.endIndex])
        return lines
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func text(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Where the run of non-blank bytes from `index` ends.
    private static func endOfWord(in line: Bytes, from index: Int) -> Int {
        line[index...].firstIndex(where: self.isBlank) ?? line.endIndex
    }

    private static func skipBlanks(in line: Bytes, from index: Int) -> Int {
        line[index...].firstIndex { !self.isBlank($0) } ?? line.endIndex
    }

    private static func pairs(in line: Bytes) throws(LineProblem) -> [Pair] {
        var pairs: [Pair] = []
        var index = self.skipBlanks(in: line, from: line.startIndex)
        while index < line.endIndex, line[index] != self.comment {
            let wordEnd = self.endOfWord(in: line, from: index)
            let word = line[index..<wordEnd]
            guard let equals = word.firstIndex(of: self.equals) else {
                let afterWord = self.skipBlanks(in: line, from: wordEnd)
                if afterWord < line.endIndex, line[afterWord] == self.equals {
                    throw LineProblem(problem: "remove the spaces around '=' after '\(self.text(word))'")
                }
                throw LineProblem(problem: "expected Key=Value, found '\(self.text(word))'")
            }
            let key = self.text(line[index..<equals])
            guard !key.isEmpty else {
                throw LineProblem(problem: "expected a key before '=' in '\(self.text(word))'")
            }
            index = equals + 1
            let value: Bytes
            if index < line.endIndex, self.quotes.contains(line[index]) {
                let quote = line[index]
                let quoteText = String(UnicodeScalar(quote))
                guard let close = line[(index + 1)...].firstIndex(of: quote) else {
                    throw LineProblem(problem: "missing closing \(quoteText) in the value of \(key)")
                }
                value = line[(index + 1)..<close]
                index = close + 1
                guard index == line.endIndex || self.isBlank(line[index]) else {
                    throw LineProblem(problem: "expected a space after the closing \(quoteText) of \(key)'s value")
                }
            } else {
                let valueEnd = self.endOfWord(in: line, from: index)
                value = line[index..<valueEnd]
                index = valueEnd
            }
            pairs.append((key, self.text(value)))
            index = self.skipBlanks(in: line, from: index)
        }
        return pairs
    }
}
