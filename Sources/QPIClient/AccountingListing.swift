import QPICore
import QPIWire

/// What `qacct`, `qres requests` and `qctl request` print, as pure functions of the
/// controller's answers.
public enum AccountingListing {
    /// The default job columns, sacct's layout: each as wide as its widest cell, numbers
    /// right-aligned, names cut to 12 and users to 10 characters with a `+`.
    static let jobsFormat: OutputFormat = {
        let fields: [OutputFormat.Field] = [
            .init("JobID", width: .fit, alignment: .right), .init("JobName", width: .fit), .init("User", width: .fit),
            .init("QPU", width: .fit), .init("State", width: .fit), .init("Start", width: .fit),
            .init("End", width: .fit), .init("QPUSeconds", width: .fit, alignment: .right),
        ]
        var pieces: [OutputFormat.Piece] = []
        for field in fields {
            if !pieces.isEmpty { pieces.append(.text(" ")) }
            pieces.append(.field(field))
        }
        return OutputFormat(pieces: pieces)
    }()
    static let jobTitles: [String: String] = [
        "JobID": "JOBID", "JobName": "NAME", "User": "USER", "QPU": "QPU", "State": "STATE", "Start": "START",
        "End": "END", "QPUSeconds": "QPU_SECONDS",
    ]
    static let cutWidths: [String: Int] = ["JobName": 12, "User": 10]

    static let userColumns: [TextTable.Column] = [
        .init("USER"), .init("JOBS", .right), .init("USED_SECONDS", .right), .init("BALANCE", .right),
    ]

    /// The columns to ask the controller for: the fields `format` prints (the default
    /// table's when nil), each once.
    public static func fields(for format: OutputFormat?) -> [String] {
        (format ?? Self.jobsFormat).distinctKeys
    }

    /// `qacct`: with `format` (`-o`), the job lines only; else per-job usage (sacct's
    /// layout), then per-user totals and balances. `parsable` joins fields with `|`, unpadded.
    public static func report(
        _ page: ListUsageRowsRequest.Response, format: OutputFormat? = nil, parsable: Bool = false, header: Bool = true
    ) throws(WireError) -> String {
        let jobs = try CompactListing.render(
            try page.rows.table(), columns: page.rows.fields, format: format ?? Self.jobsFormat,
            kind: { UsageField.byName[$0]?.kind }, cuts: format == nil ? Self.cutWidths : [:], none: "Unknown",
            what: "usage listing", title: { format == nil ? Self.jobTitles[$0] ?? $0 : $0 }, parsable: parsable,
            header: header)
        guard format == nil else { return jobs }
        let users = page.users.map { user in
            [user.user, String(user.jobs), UsageField.seconds(user.usedSeconds), Self.balance(user.balance)]
        }
        guard !parsable else {
            let lines = (header ? [Self.userColumns.map(\.title)] : []) + users
            return jobs + "\n" + lines.map { $0.joined(separator: "|") + "\n" }.joined()
        }
        var totals = TextTable(columns: Self.userColumns)
        for row in users { totals.append(row) }
        return jobs + "\n" + totals.render(header: header)
    }

    /// `qres requests`: one line per time request.
    public static func timeRequests(_ requests: [QPUTimeRequest], header: Bool = true) -> String {
        var table = TextTable(columns: [
            .init("ID", .right), .init("USER"), .init("SECONDS", .right), .init("STATE"), .init("CREATED"),
            .init("DECIDED_BY"), .init("NOTE"), .init("REASON"),
        ])
        for request in requests {
            table.append([
                String(request.id), request.user, UsageField.seconds(request.seconds), request.state.rawValue,
                JobListing.timestamp(request.createdAt), request.decidedBy ?? "", request.note ?? "", request.reason,
            ])
        }
        return table.render(header: header)
    }

    /// A balance as printed: `unlimited`, or seconds with 3 decimals.
    public static func balance(_ value: Double?) -> String {
        value.map(UsageField.seconds) ?? "unlimited"
    }
}
