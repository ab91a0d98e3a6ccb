import QPICore

/// Renders circuit results as the plain-text tables the commands print.
public enum CountsTable {
    /// One block per circuit: a header line, then outcomes sorted by key with count and
    /// probability columns.
    public static func render(_ results: [CircuitResult]) -> String {
        var out = ""
        for (index, result) in results.enumerated() {
            if index > 0 { out += "\n" }
            let seed = result.seed.map { ", seed=\($0)" } ?? ""
            out +=
                "circuit \(result.name): shots=\(result.shots)\(seed), time=\(Self.formatSeconds(result.timeTaken))\n"
            var table = TextTable(
                columns: [.init("OUTCOME"), .init("COUNT", .right), .init("PROBABILITY", .right)], indent: "  ")
            for key in result.counts.keys.sorted() {
                let count = result.counts[key] ?? 0
                let probability = result.shots > 0 ? Double(count) / Double(result.shots) : 0
                table.append([key, String(count), Self.fixed(probability, digits: 4)])
            }
            out += table.render()
        }
        return out
    }

    static func formatSeconds(_ seconds: Double) -> String {
        if seconds < 1e-3 { return Self.fixed(seconds * 1e6, digits: 1) + " µs" }
        if seconds < 1 { return Self.fixed(seconds * 1e3, digits: 2) + " ms" }
        return Self.fixed(seconds, digits: 3) + " s"
    }

    /// Fixed-point text without Foundation's locale-dependent formatters.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
