public import FoundationEssentials
public import QPICore

/// A job as the API shows it. Every key is always present (null when unset), so clients
/// can rely on one shape.
public struct JobJSON: Codable, Sendable, Hashable, SnakeCaseKeyedDocument {
    public var id: JobID
    public var name: String
    public var user: String
    /// PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT or NODE_FAIL.
    public var state: String
    /// Why a pending job waits (Slurm's reason names); null otherwise.
    public var reason: String?
    public var held: Bool
    /// The QPU the job runs or ran on, else the one it asked for.
    public var qpu: String?
    public var requestedQpu: String?
    public var shots: Int
    public var circuitCount: Int
    public var qubits: Int
    public var timeLimitSeconds: Int
    public var priority: Int
    public var submitTime: Date
    public var startTime: Date?
    public var endTime: Date?
    public var message: String?
    public var qpuSeconds: Double
    public var requeueCount: Int
    /// The earliest start the user asked for (`qsub --begin`); null for none.
    public var beginTime: Date?
    public var comment: String?
    /// Key → value handed to the executor (`qsub --executor-option`); empty for none.
    public var executorOptions: [String: String]
    /// Where the job's end document is posted (`qsub --notify-url`); null for nowhere.
    public var notifyUrl: String?
    /// How that post went (`delivered …`, `retrying: …`, `failed: …`); null before the end.
    public var notifyStatus: String?
    /// The array this job is a task of (its first task's id, `qsub --array`); null for a single job.
    public var arrayJobId: JobID?
    /// The task's index in that array (the job is `ARRAY_TASK`); null for a single job.
    public var arrayTaskId: Int?

    public init(_ job: Job) {
        self.id = job.id
        self.name = job.name
        self.user = job.user
        self.state = job.state.rawValue
        self.reason = job.reason?.rawValue
        self.held = job.held
        self.qpu = job.qpu ?? job.requestedQPU
        self.requestedQpu = job.requestedQPU
        self.shots = job.shots
        self.circuitCount = job.circuitCount
        self.qubits = job.qubits
        self.timeLimitSeconds = job.timeLimitSeconds
        self.priority = job.priority
        self.submitTime = Date(timeIntervalSince1970: job.submitTime)
        self.startTime = Date(epochSeconds: job.startTime)
        self.endTime = Date(epochSeconds: job.endTime)
        self.message = job.message
        self.qpuSeconds = job.qpuSeconds
        self.requeueCount = job.requeueCount
        self.beginTime = Date(epochSeconds: job.beginTime)
        self.comment = job.comment
        self.executorOptions = job.executorOptions
        self.notifyUrl = job.notifyURL
        self.notifyStatus = job.notifyStatus
        self.arrayJobId = job.array?.arrayJobID
        self.arrayTaskId = job.array?.taskID
    }

    enum CodingKeys: String, CodingKey {
        case id, name, user, state, reason, held, qpu, requestedQpu, shots, circuitCount, qubits
        case timeLimitSeconds, priority, submitTime, startTime, endTime, message, qpuSeconds, requeueCount
        case beginTime, comment, executorOptions, notifyUrl, notifyStatus, arrayJobId, arrayTaskId
    }

    /// The keys as the API writes them (``SnakeCaseKeyedDocument``); decoding reads
    /// ``CodingKeys`` through the decoder's snake_case conversion.
    enum EncodedKeys: String, CodingKey {
        case id, name, user, state, reason, held, qpu, shots, qubits, priority, message, comment
        case requestedQpu = "requested_qpu"
        case circuitCount = "circuit_count"
        case timeLimitSeconds = "time_limit_seconds"
        case submitTime = "submit_time"
        case startTime = "start_time"
        case endTime = "end_time"
        case qpuSeconds = "qpu_seconds"
        case requeueCount = "requeue_count"
        case beginTime = "begin_time"
        case executorOptions = "executor_options"
        case notifyUrl = "notify_url"
        case notifyStatus = "notify_status"
        case arrayJobId = "array_job_id"
        case arrayTaskId = "array_task_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodedKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.reason, forKey: .reason)
        try container.encode(self.held, forKey: .held)
        try container.encode(self.qpu, forKey: .qpu)
        try container.encode(self.requestedQpu, forKey: .requestedQpu)
        try container.encode(self.shots, forKey: .shots)
        try container.encode(self.circuitCount, forKey: .circuitCount)
        try container.encode(self.qubits, forKey: .qubits)
        try container.encode(self.timeLimitSeconds, forKey: .timeLimitSeconds)
        try container.encode(self.priority, forKey: .priority)
        try container.encode(self.submitTime, forKey: .submitTime)
        try container.encode(self.startTime, forKey: .startTime)
        try container.encode(self.endTime, forKey: .endTime)
        try container.encode(self.message, forKey: .message)
        try container.encode(self.qpuSeconds, forKey: .qpuSeconds)
        try container.encode(self.requeueCount, forKey: .requeueCount)
        try container.encode(self.beginTime, forKey: .beginTime)
        try container.encode(self.comment, forKey: .comment)
        try container.encode(self.executorOptions, forKey: .executorOptions)
        try container.encode(self.notifyUrl, forKey: .notifyUrl)
        try container.encode(self.notifyStatus, forKey: .notifyStatus)
        try container.encode(self.arrayJobId, forKey: .arrayJobId)
        try container.encode(self.arrayTaskId, forKey: .arrayTaskId)
    }
}
