/// Parses sizes such as `16MiB`, `512K` or `1048576`.
///
/// Suffixes are binary whatever their spelling (`K` and `KiB` both mean 1,024 bytes), as
/// in Slurm's memory options, and case-insensitive. A bare number counts bytes.
enum ByteCountText {
    private static let multipliers: [(suffix: String, factor: Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1), ("", 1),
    ]

    /// Bytes for `text`, or nil when it is not a whole number with a known suffix or overflows.
    static func bytes(_ text: String) -> Int? {
        let digits = text.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let suffix = text.dropFirst(digits.count).lowercased()
        guard let factor = self.multipliers.first(where: { $0.suffix == suffix })?.factor else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : bytes
    }
}

extension Character {
    /// `0`–`9` only: `isNumber` would also accept other scripts' digits and fractions.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
