import QPICore
import QPIWire

/// `qacct -o`: sacct's field names over QPI's usage records.
extension AccountingListing {
    /// The `-o` fields by the name printed in the header, with what each shows.
    static let formatFields: [(name: String, alignment: TextTable.Alignment, value: @Sendable (JobUsage) -> String)] = [
        ("JobID", .right, { $0.reference.description }),
        ("JobName", .left, { $0.name }),
        ("User", .left, { $0.user }),
        ("QPU", .left, { $0.qpu ?? "" }),
        ("State", .left, { $0.state.rawValue }),
        ("Start", .left, { $0.startTime.map(JobListing.timestamp) ?? "Unknown" }),
        ("End", .left, { $0.endTime.map(JobListing.timestamp) ?? "Unknown" }),
        (
            "Elapsed", .right,
            { job in
                guard let start = job.startTime, let end = job.endTime else {
                    return DurationText.slurmFormat(seconds: 0)
                }
                return DurationText.slurmFormat(seconds: Int(max(0, end - start)))
            }
        ),
        ("QPUSeconds", .right, { Self.seconds($0.qpuSeconds) }),
        ("Comment", .left, { $0.comment ?? "" }),
    ]

    /// The names `-o` accepts (in any case).
    public static var formatNames: [String] { Self.formatFields.map(\.name) }

    /// Reads a `qacct -o` format; an unknown name is refused by name.
    public static func format(_ text: String) throws(OutputFormatError) -> OutputFormat {
        try OutputFormat.sacct(
            text, names: Self.formatNames,
            alignments: Dictionary(uniqueKeysWithValues: Self.formatFields.map { ($0.name, $0.alignment) }))
    }

    /// The job lines in a user's format; `|`-separated without padding when `parsable`.
    public static func jobs(_ jobs: [JobUsage], format: OutputFormat, parsable: Bool, header: Bool = true) -> String {
        let fields = Dictionary(uniqueKeysWithValues: Self.formatFields.map { ($0.name, $0.value) })
        let rows = jobs.map { job in { (key: String) in fields[key]?(job) ?? "" } }
        let title = { (key: String) in key }
        return parsable
            ? format.renderParsable(rows, title: title, header: header)
            : format.render(rows, title: title, header: header)
    }
}
