import QPICore
import QPIWire

/// `qacct -o`: sacct's field names over QPI's usage records (``UsageField``, which the
/// controller computes the compact listing from).
extension AccountingListing {
    /// Fields right-aligned unless the format says otherwise: ids, durations and seconds.
    static let rightAligned: Set<String> = ["JobID", "Elapsed", "QPUSeconds"]

    /// The names `-o` accepts (in any case).
    public static var formatNames: [String] { UsageField.all.map(\.name) }

    /// Reads a `qacct -o` format; an unknown name is refused by name.
    public static func format(_ text: String) throws(OutputFormatError) -> OutputFormat {
        try OutputFormat.sacct(
            text, names: Self.formatNames,
            alignments: Dictionary(
                uniqueKeysWithValues: Self.formatNames.map { ($0, Self.rightAligned.contains($0) ? .right : .left) }))
    }
}
