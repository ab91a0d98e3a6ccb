extension ValueText {
    /// `value` written so that reading it back gives the same value: durations in the
    /// largest whole unit (`5s`, `90m`, `720h`), lists comma-separated, enums by name,
    /// an unset optional as empty text.
    static func render(_ value: Any) -> String {
        switch value {
        case let duration as Duration: self.render(duration)
        case let list as [String]: list.joined(separator: ",")
        case let kinds as Set<QPIConfiguration.PrivateData>:
            QPIConfiguration.PrivateData.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ",")
        case let optional as String?: optional ?? ""
        case let named as any RawRepresentable<String>: named.rawValue
        default: "\(value)"
        }
    }

    private static func render(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
