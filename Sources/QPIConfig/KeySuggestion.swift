/// Finds the known name an unknown one was probably meant to be, for "did you mean" hints.
enum KeySuggestion {
    /// The candidate closest to `name` by edit distance (ignoring case and `_`/`-`), if it
    /// is close enough to be a typo rather than a different word.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(ConfigurationKey.normalized(name))
        let scored = candidates.map { ($0, self.distance(target, Array(ConfigurationKey.normalized($0)))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, target.count / 3) ? best.0 : nil
    }

    /// A suffix for a message: ` (did you mean 'Name'?)`, or empty when nothing is close.
    static func hint(for name: String, among candidates: [String]) -> String {
        self.closest(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance with one rolling row.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, cb) in b.enumerated() {
                let substitution = diagonal + (ca == cb ? 0 : 1)
                diagonal = row[j + 1]
                row[j + 1] = min(substitution, row[j] + 1, row[j + 1] + 1)
            }
        }
        return row[b.count]
    }
}
