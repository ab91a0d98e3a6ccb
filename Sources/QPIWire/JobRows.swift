import QPICore

/// One column `qstat` can print, named by squeue's format letter, with the text the
/// controller computes for each job.
public struct JobField: Sendable {
    public var letter: Character
    public var title: String
    public var help: String
    public var kind: CompactCells.Kind
    /// `letter` as a byte, which `cell` switches on: comparing Characters is comparing strings.
    let code: UInt8

    init(_ letter: Character, _ title: String, _ help: String, kind: CompactCells.Kind = .text) {
        self.letter = letter
        self.code = letter.asciiValue ?? 0
        self.title = title
        self.help = help
        self.kind = kind
    }

    /// squeue's letters where QPI has the same thing; a QPU stands where squeue has a
    /// partition or QOS.
    public static let all: [JobField] = [
        .init("i", "JOBID", "job id; ID_TASK for a task of an array, ID_[TASKS] for its pending tasks folded"),
        .init("j", "NAME", "job name"),
        .init("u", "USER", "user name"),
        .init("U", "UID", "user id"),
        .init("q", "QPU", "QPU it runs on, else the one asked for"),
        .init("P", "QPU", "the same, squeue's partition letter"),
        .init("T", "STATE", "state"),
        .init("t", "ST", "state code"),
        .init("M", "TIME", "time used"),
        .init("l", "TIME_LIMIT", "time limit"),
        .init("L", "TIME_LEFT", "time left"),
        .init("R", "NODELIST(REASON)", "(reason) if pending, else the QPU"),
        .init("r", "REASON", "why it waits"),
        .init("N", "NODELIST", "QPU it runs or ran on"),
        .init("Q", "PRIORITY", "priority"),
        .init("p", "PRIORITY", "the same"),
        .init("S", "START_TIME", "start, or begin time while pending", kind: .time),
        .init("e", "END_TIME", "end", kind: .time),
        .init("V", "SUBMIT_TIME", "submission", kind: .time),
        .init("k", "COMMENT", "comment"),
        .init("E", "DEPENDENCY", "dependency"),
        .init("D", "NODES", "QPUs used, always 1"),
        .init("s", "SHOTS", "shots per circuit"),
    ]

    /// The fields by letter.
    public static let byLetter: [Character: JobField] = Dictionary(
        uniqueKeysWithValues: Self.all.map { ($0.letter, $0) })

    /// The cell of `job` at `now`. A switch rather than a closure per field: a closure kept
    /// in a table takes its job through a thunk that copies the whole record, per cell.
    public func cell(_ job: Job, now: Double) -> String {
        switch self.code {
        case UInt8(ascii: "i"): job.reference.description
        case UInt8(ascii: "j"): job.name
        case UInt8(ascii: "u"): job.user
        case UInt8(ascii: "U"): String(job.uid)
        case UInt8(ascii: "q"), UInt8(ascii: "P"): job.listedQPU
        case UInt8(ascii: "T"): job.state.rawValue
        case UInt8(ascii: "t"): job.state.code
        case UInt8(ascii: "M"): DurationText.slurmFormat(seconds: job.elapsedSeconds(now: now))
        case UInt8(ascii: "l"): DurationText.slurmFormat(seconds: job.timeLimitSeconds)
        case UInt8(ascii: "L"): DurationText.slurmFormat(seconds: job.timeLimitSeconds - job.elapsedSeconds(now: now))
        case UInt8(ascii: "R"): job.listedLocation
        case UInt8(ascii: "r"): job.reason?.rawValue ?? "None"
        case UInt8(ascii: "N"): job.qpu ?? ""
        case UInt8(ascii: "Q"), UInt8(ascii: "p"): String(job.priority)
        case UInt8(ascii: "S"): Self.epoch(job.startTime ?? job.beginTime)
        case UInt8(ascii: "e"): Self.epoch(job.endTime)
        case UInt8(ascii: "V"): Self.epoch(job.submitTime)
        case UInt8(ascii: "k"): job.comment ?? ""
        case UInt8(ascii: "E"): job.dependency?.text ?? "(null)"
        case UInt8(ascii: "D"): "1"
        case UInt8(ascii: "s"): String(job.shots)
        default: ""
        }
    }

    static func epoch(_ seconds: Double?) -> String {
        seconds.map { String(Int64($0.rounded(.down))) } ?? ""
    }
}

extension Job {
    /// Whole seconds the job has run (so far, if running).
    public func elapsedSeconds(now: Double) -> Int {
        let elapsed: Double
        switch self.state {
        case .pending: elapsed = 0
        case .running: elapsed = now - (self.startTime ?? now)
        default: elapsed = (self.endTime ?? now) - (self.startTime ?? self.endTime ?? now)
        }
        return Int(max(0, elapsed))
    }

    /// The QPU column: where it runs or ran, else the one it asked for, else `*`.
    public var listedQPU: String { self.qpu ?? self.requestedQPU ?? "*" }

    /// squeue's NODELIST(REASON): `(reason)` while pending, else the QPU.
    public var listedLocation: String {
        self.state == .pending ? "(\(self.reason?.rawValue ?? "None"))" : self.qpu ?? ""
    }
}

/// A page of the job listing in the compact form `qstat` asks for (see ``CompactCells``).
public struct JobRows: Codable, Sendable, Hashable {
    /// The columns, by squeue letter, in the order of each row's cells.
    public var fields: String
    /// The cells. Control characters inside a value are shown as spaces, since a listing is
    /// for reading.
    public var text: String
    public var count: Int

    public init(fields: String, text: String, count: Int) {
        self.fields = fields
        self.text = text
        self.count = count
    }

    /// Appends jobs' cells for `fields` (known letters only; see ``JobField/byLetter``).
    public struct Builder {
        let fields: [JobField]
        let letters: String
        let now: Double
        var bytes: [UInt8] = []
        /// Jobs appended so far.
        public private(set) var count = 0

        public init(fields: [JobField], now: Double) {
            self.fields = fields
            self.letters = String(fields.map(\.letter))
            self.now = now
        }

        /// Appends `job`'s row; with `foldedTasks`, the row stands for those pending tasks of
        /// `job`'s array, and its id reads `12_[3-5,8%2]` (squeue's folding, `%` the array's bound).
        public mutating func append(_ job: Job, foldedTasks: [Int]? = nil) {
            for field in self.fields {
                var value = field.cell(job, now: self.now)
                if field.code == UInt8(ascii: "i"), let tasks = foldedTasks, let array = job.array {
                    value = "\(array.arrayJobID)_[\(JobArray.ranges(of: tasks))\(array.limit.map { "%\($0)" } ?? "")]"
                }
                CompactCells.append(value, to: &self.bytes)
            }
            self.count += 1
        }

        public var rows: JobRows {
            JobRows(fields: self.letters, text: String(decoding: self.bytes, as: UTF8.self), count: self.count)
        }
    }

    /// The rows split into cells, checked against `fields` and `count`.
    public func table() throws(WireError) -> CompactTable {
        try CompactTable(text: self.text, rows: self.count, width: self.fields.count, what: "job listing")
    }
}

/// The jobs `query` selects, as `JobRows` with the columns `fields` names (squeue
/// letters), at most `query.limit` of them; `after` continues a listing where the `next`
/// of its previous page left off.
public struct ListJobRowsRequest: WireRequest {
    public static let type = "list_job_rows"
    public var query: JobQuery
    public var fields: String
    public var after: String?
    /// One row per task of an array (`qstat -r`); by default an array's pending tasks listed
    /// one after another share one row.
    public var expandArrays: Bool?

    public init(query: JobQuery, fields: String, after: String? = nil, expandArrays: Bool? = nil) {
        self.query = query
        self.fields = fields
        self.after = after
        self.expandArrays = expandArrays
    }

    public struct Response: Codable, Sendable, Hashable {
        public var rows: JobRows
        /// Where the next page starts (give it as `after`), or nil when this page ends the
        /// listing.
        public var next: String?

        public init(rows: JobRows, next: String?) {
            self.rows = rows
            self.next = next
        }
    }
}
