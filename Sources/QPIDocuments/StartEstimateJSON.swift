public import FoundationEssentials
public import QPIWire

/// A pending job's place in the queue and expected start (`qstat --start --json`);
/// `start_time` and `qpu` null when the dry run could not place it.
public struct StartEstimateJSON: Codable, Sendable, Hashable {
    /// 1-based place among all pending jobs, in the order the scheduler considers them.
    public var position: Int
    public var startTime: Date?
    public var qpu: String?
    public var job: JobJSON

    public init(_ estimate: StartEstimate) {
        self.position = estimate.position
        self.startTime = Date(epochSeconds: estimate.startTime)
        self.qpu = estimate.qpu
        self.job = JobJSON(estimate.job)
    }

    enum CodingKeys: String, CodingKey { case position, startTime, qpu, job }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.position, forKey: .position)
        try container.encode(self.startTime, forKey: .startTime)
        try container.encode(self.qpu, forKey: .qpu)
        try container.encode(self.job, forKey: .job)
    }
}
