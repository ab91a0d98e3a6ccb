/// Parses and prints durations the way Slurm users and the reference's config expect.
///
/// Accepted forms:
/// - Go-style unit strings: `500ms`, `30s`, `5m`, `2h`, `1d`, `1h30m`, `1.5s`.
/// - Slurm time limits: `MM` (a bare number is minutes, as in `sbatch --time=30`),
///   `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`.
/// - `UNLIMITED` / `infinite`, which parse to `nil` seconds through `parseLimit`.
public enum DurationText {
    /// Seconds for `text`, or nil when it is not a duration.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let value = self.unitSeconds(trimmed) { return value }
        return self.slurmSeconds(trimmed)
    }

    /// Formats whole seconds like Slurm's TIME column: `M:SS`, `H:MM:SS`, `D-HH:MM:SS`.
    public static func slurmFormat(seconds: Int) -> String {
        let total = max(0, seconds)
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        let secs = total % 60
        if days > 0 { return "\(days)-\(pad2(hours)):\(pad2(minutes)):\(pad2(secs))" }
        if hours > 0 { return "\(hours):\(pad2(minutes)):\(pad2(secs))" }
        return "\(minutes):\(pad2(secs))"
    }

    private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func unitSeconds(_ text: String) -> Double? {
        let units: [(suffix: String, factor: Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400),
        ]
        var rest = Substring(text)
        var total = 0.0
        var sawUnit = false
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard numberEnd != rest.startIndex, let number = Double(rest[rest.startIndex..<numberEnd]) else {
                return nil
            }
            rest = rest[numberEnd...]
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += number * unit.factor
            sawUnit = true
        }
        return sawUnit ? total : nil
    }

    private static func slurmSeconds(_ text: String) -> Double? {
        var days = 0
        var clock = Substring(text)
        if let dash = text.firstIndex(of: "-") {
            guard let parsedDays = Int(text[text.startIndex..<dash]), parsedDays >= 0 else { return nil }
            days = parsedDays
            clock = text[text.index(after: dash)...]
        }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard !fields.isEmpty, fields.count <= 3, fields.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        let values = fields.map { $0! }
        let seconds: Int
        switch (text.contains("-"), values.count) {
        case (false, 1): seconds = values[0] * 60
        case (false, 2): seconds = values[0] * 60 + values[1]
        case (false, 3): seconds = values[0] * 3_600 + values[1] * 60 + values[2]
        case (true, 1): seconds = values[0] * 3_600
        case (true, 2): seconds = values[0] * 3_600 + values[1] * 60
        case (true, _): seconds = values[0] * 3_600 + values[1] * 60 + values[2]
        default: return nil
        }
        return Double(days * 86_400 + seconds)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = self.firstIndex(where: { !isSpace($0) }),
            let last = self.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
