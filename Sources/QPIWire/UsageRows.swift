import QPICore

/// One job column `qacct` can print, by sacct's field name, with the text the controller
/// computes for each job.
public struct UsageField: Sendable {
    public var name: String
    public var kind: CompactCells.Kind

    init(_ name: String, kind: CompactCells.Kind = .text) {
        self.name = name
        self.kind = kind
    }

    /// sacct's names where QPI has the same thing, in `qacct -o`'s order.
    public static let all: [UsageField] = [
        .init("JobID"), .init("JobName"), .init("User"), .init("QPU"), .init("State"), .init("Start", kind: .time),
        .init("End", kind: .time), .init("Elapsed"), .init("QPUSeconds"), .init("Comment"),
    ]

    /// The fields by name.
    public static let byName: [String: UsageField] = Dictionary(uniqueKeysWithValues: Self.all.map { ($0.name, $0) })

    /// The cell of `job`.
    public func cell(_ job: JobUsage) -> String {
        switch self.name {
        case "JobID": job.reference.description
        case "JobName": job.name
        case "User": job.user
        case "QPU": job.qpu ?? ""
        case "State": job.state.rawValue
        case "Start": JobField.epoch(job.startTime)
        case "End": JobField.epoch(job.endTime)
        case "Elapsed":
            DurationText.slurmFormat(
                seconds: job.startTime.flatMap { start in job.endTime.map { Int(max(0, $0 - start)) } } ?? 0)
        case "QPUSeconds": Self.seconds(job.qpuSeconds)
        case "Comment": job.comment ?? ""
        default: ""
        }
    }

    /// qpu_seconds as printed: 3 decimals, the precision of the executors' clocks worth showing.
    public static func seconds(_ value: Double) -> String {
        String(printf: "%.3f", value)
    }
}

/// A page of `qacct`'s job lines in the compact form (see ``CompactCells``).
public struct UsageRows: Codable, Sendable, Hashable {
    /// The columns, by sacct name, in the order of each row's cells.
    public var fields: [String]
    public var text: String
    public var count: Int

    public init(fields: [String], text: String, count: Int) {
        self.fields = fields
        self.text = text
        self.count = count
    }

    /// Appends jobs' cells for `fields`.
    public struct Builder {
        let fields: [UsageField]
        var bytes: [UInt8] = []
        var count = 0

        public init(fields: [UsageField]) {
            self.fields = fields
        }

        public mutating func append(_ job: JobUsage) {
            for field in self.fields { CompactCells.append(field.cell(job), to: &self.bytes) }
            self.count += 1
        }

        public var rows: UsageRows {
            UsageRows(
                fields: self.fields.map(\.name), text: String(decoding: self.bytes, as: UTF8.self), count: self.count)
        }
    }

    /// The rows split into cells, checked against `fields` and `count`.
    public func table() throws(WireError) -> CompactTable {
        try CompactTable(text: self.text, rows: self.count, width: self.fields.count, what: "usage listing")
    }
}

/// `qacct`'s table: the jobs `query` selects as ``UsageRows`` with the columns `fields`
/// names, oldest first, at most `limit` of them after job `after`; and the users' totals
/// and balances over the whole selection, not only this page.
public struct ListUsageRowsRequest: WireRequest {
    public static let type = "list_usage_rows"
    public var query: AccountingRequest
    public var fields: [String]
    public var limit: Int?
    /// The `next` of the previous page: only jobs with a larger id.
    public var after: JobID?

    public init(query: AccountingRequest, fields: [String], limit: Int? = nil, after: JobID? = nil) {
        self.query = query
        self.fields = fields
        self.limit = limit
        self.after = after
    }

    public struct Response: Codable, Sendable, Hashable {
        public var rows: UsageRows
        public var users: [UserBalance]
        /// Where the next page starts (give it as `after`); nil when this page ends the listing.
        public var next: JobID?

        public init(rows: UsageRows, users: [UserBalance], next: JobID?) {
            self.rows = rows
            self.users = users
            self.next = next
        }
    }
}
