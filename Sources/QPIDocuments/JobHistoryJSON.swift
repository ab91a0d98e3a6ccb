public import FoundationEssentials
public import QPICore
public import QPIWire

/// A job and what happened to it, oldest first: `qstat -j ID --json`.
public struct JobHistoryJSON: Codable, Sendable, Hashable {
    public var job: JobJSON
    public var events: [JobEventJSON]

    public init(_ shown: ShowJobRequest.Response) {
        self.job = JobJSON(shown.job)
        self.events = shown.events.map(JobEventJSON.init)
    }
}

/// One step of a job's history; `qpu` and `detail` null where the step has none.
public struct JobEventJSON: Codable, Sendable, Hashable {
    /// submitted, dispatched, started, requeued, completed, failed, cancelled, timed_out,
    /// node_failed, held, released or updated.
    public var kind: String
    public var time: Date
    public var qpu: String?
    public var detail: String?

    public init(_ event: JobEvent) {
        self.kind = event.kind.rawValue.reduce(into: "") { name, letter in
            name += letter.isUppercase ? "_" + letter.lowercased() : String(letter)
        }
        self.time = Date(timeIntervalSince1970: event.time)
        self.qpu = event.qpu
        self.detail = event.detail
    }

    enum CodingKeys: String, CodingKey { case kind, time, qpu, detail }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.kind, forKey: .kind)
        try container.encode(self.time, forKey: .time)
        try container.encode(self.qpu, forKey: .qpu)
        try container.encode(self.detail, forKey: .detail)
    }
}
