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

    /// The entries of `text` and a diagnostic for every line that does not scan.
    static func parse(_ text: String, path: String) -> (FileDocument, [ConfigurationDiagnostic]) {
        var document = FileDocument()
        var diagnostics: [ConfigurationDiagnostic] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
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

    private static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }

    private static func pairs(in line: Substring) throws(LineProblem) -> [Pair] {
        var pairs: [Pair] = []
        var rest = line.drop(while: self.isBlank)
        while let first = rest.first, first != "#" {
            let word = rest.prefix { !self.isBlank($0) }
            guard let equals = word.firstIndex(of: "=") else {
                let afterWord = rest.dropFirst(word.count).drop(while: self.isBlank)
                if afterWord.first == "=" {
                    throw LineProblem(problem: "remove the spaces around '=' after '\(word)'")
                }
                throw LineProblem(problem: "expected Key=Value, found '\(word)'")
            }
            let key = String(rest[rest.startIndex..<equals])
            guard !key.isEmpty else { throw LineProblem(problem: "expected a key before '=' in '\(word)'") }
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if let quote = rest.first, quote == "\"" || quote == "'" {
                let quoted = rest.dropFirst()
                guard let close = quoted.firstIndex(of: quote) else {
                    throw LineProblem(problem: "missing closing \(quote) in the value of \(key)")
                }
                value = quoted[quoted.startIndex..<close]
                rest = quoted[quoted.index(after: close)...]
                guard rest.first.map(self.isBlank) ?? true else {
                    throw LineProblem(problem: "expected a space after the closing \(quote) of \(key)'s value")
                }
            } else {
                value = rest.prefix { !self.isBlank($0) }
                rest = rest.dropFirst(value.count)
            }
            pairs.append((key, String(value)))
            rest = rest.drop(while: self.isBlank)
        }
        return pairs
    }
}
