/// Expands Slurm-hostlist-style QPU names: `sim[0-3]` is sim0…sim3, `q[01-03,7]` is
/// q01, q02, q03, q7 (leading zeros set the width), and `a[1-2]b[1-2]` is every combination.
enum QPUNameRange {
    /// Most names one pattern may expand to, so a typo like `q[0-99999999]` fails fast.
    static let maxNames = 4_096

    /// The names `pattern` stands for, or nil when its brackets are malformed, a range
    /// runs backwards, or it expands to more than `maxNames`.
    static func expand(_ pattern: String) -> [String]? {
        guard let open = pattern.firstIndex(of: "[") else {
            return pattern.contains("]") ? nil : [pattern]
        }
        guard let close = pattern[open...].firstIndex(of: "]") else { return nil }
        let prefix = pattern[..<open]
        guard !prefix.contains("]"),
            let items = self.items(in: pattern[pattern.index(after: open)..<close]),
            let suffixes = self.expand(String(pattern[pattern.index(after: close)...])),
            items.count * suffixes.count <= self.maxNames
        else { return nil }
        return items.flatMap { item in suffixes.map { prefix + item + $0 } }
    }

    /// `0-3,7` as `["0", "1", "2", "3", "7"]`, padding to the width of a range's start.
    private static func items(in list: Substring) -> [String]? {
        var items: [String] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
                let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]), low <= high,
                high - low < self.maxNames - items.count
            else { return nil }
            let width = bounds[0].count
            items += (low...high).map { number in
                let digits = String(number)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        }
        return items
    }
}
