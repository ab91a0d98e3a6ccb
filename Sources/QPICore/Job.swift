/// A job's identifier, as printed by `qsub` (`Submitted job 42`).
public typealias JobID = Int64

/// One OpenQASM job-script file as submitted; a file may hold several circuits.
public struct ScriptFile: Sendable, Hashable, Codable {
    /// The file name the user gave (for messages; never opened by the controller).
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A job as the controller keeps it.
///
/// Times are seconds since the Unix epoch (`Double`), so the record stays a plain value
/// that the store, the wire and the scheduler share without clock types.
public struct Job: Sendable, Hashable, Codable {
    public var id: JobID
    public var name: String
    /// Name of the submitting user, as munge verified it.
    public var user: String
    public var uid: UInt32
    public var state: JobState
    /// Why a pending job waits; nil when running or finished.
    public var reason: PendingReason?
    /// Held jobs stay pending until released (`qsub --hold`, `qctl job hold`).
    public var held: Bool
    /// The QPU the user asked for; nil lets the scheduler choose.
    public var requestedQPU: String?
    /// The QPU the job runs or ran on.
    public var qpu: String?
    public var shots: Int
    /// Number of circuits over all script files.
    public var circuitCount: Int
    /// Qubits of the widest circuit, to match the job against QPU sizes.
    public var qubits: Int
    public var timeLimitSeconds: Int
    public var seed: UInt64?
    public var submitTime: Double
    public var startTime: Double?
    public var endTime: Double?
    /// How often the job went back to the queue after its node was lost.
    public var requeueCount: Int
    /// Identifies the current dispatch, so a repeated result for it changes nothing; after
    /// a requeue, the lost one, so the next dispatch is numbered after it.
    public var dispatchID: Int64?
    /// The failure message of a FAILED, TIMEOUT or NODE_FAIL job, or who cancelled it.
    public var message: String?
    /// qpu_seconds charged for the job, once, when it ended.
    public var qpuSeconds: Double
    /// Scheduling priority: higher runs first; 0 unless an admin raised it or the user
    /// lowered it (`qsub --priority`, `--nice`).
    public var priority: Int
    /// Jobs that must end first (`qsub --dependency`); nil for none.
    public var dependency: JobDependency?
    /// Seconds since the Unix epoch before which the job may not start (`qsub --begin`);
    /// nil to start as soon as it can.
    public var beginTime: Double?
    /// The user's free text (`qsub --comment`); nil for none.
    public var comment: String?
    /// Key → value handed to the executor with the job (`qsub --executor-option`); empty
    /// for none.
    public var executorOptions: [String: String]
    /// When mail is sent (`qsub --mail-type`, `END,FAIL`); nil for the default, END.
    public var mailType: String?
    /// Where mail goes when the job ends (`qsub --mail-user`); nil sends none.
    public var mailUser: String?
    /// Where the job's end document is posted (`qsub --notify-url`); nil posts nothing.
    public var notifyURL: String?
    /// How posting the end document went (`delivered …`, `failed: …`, or the retry under
    /// way); nil until the job ends or when it has no ``notifyURL``.
    public var notifyStatus: String?
    /// The array this job is a task of (`qsub --array`); nil for a single job.
    public var array: JobArrayTask?

    public init(
        id: JobID,
        name: String,
        user: String,
        uid: UInt32,
        state: JobState = .pending,
        reason: PendingReason? = nil,
        held: Bool = false,
        requestedQPU: String? = nil,
        qpu: String? = nil,
        shots: Int,
        circuitCount: Int,
        qubits: Int,
        timeLimitSeconds: Int,
        seed: UInt64? = nil,
        submitTime: Double,
        startTime: Double? = nil,
        endTime: Double? = nil,
        requeueCount: Int = 0,
        dispatchID: Int64? = nil,
        message: String? = nil,
        qpuSeconds: Double = 0,
        priority: Int = 0,
        dependency: JobDependency? = nil,
        beginTime: Double? = nil,
        comment: String? = nil,
        executorOptions: [String: String] = [:],
        mailType: String? = nil,
        mailUser: String? = nil,
        notifyURL: String? = nil,
        notifyStatus: String? = nil,
        array: JobArrayTask? = nil
    ) {
        self.id = id
        self.name = name
        self.user = user
        self.uid = uid
        self.state = state
        self.reason = reason
        self.held = held
        self.requestedQPU = requestedQPU
        self.qpu = qpu
        self.shots = shots
        self.circuitCount = circuitCount
        self.qubits = qubits
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.submitTime = submitTime
        self.startTime = startTime
        self.endTime = endTime
        self.requeueCount = requeueCount
        self.dispatchID = dispatchID
        self.message = message
        self.qpuSeconds = qpuSeconds
        self.priority = priority
        self.dependency = dependency
        self.beginTime = beginTime
        self.comment = comment
        self.executorOptions = executorOptions
        self.mailType = mailType
        self.mailUser = mailUser
        self.notifyURL = notifyURL
        self.notifyStatus = notifyStatus
        self.array = array
    }
}

/// What happened to a job, appended in order: `qstat -j`, accounting and crash
/// reconciliation read this history.
public struct JobEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case submitted, dispatched, started, requeued, completed, failed, cancelled, timedOut, nodeFailed
        case held, released, updated
    }

    public var jobID: JobID
    public var kind: Kind
    /// Seconds since the Unix epoch.
    public var time: Double
    /// The QPU concerned, where there is one.
    public var qpu: String?
    public var detail: String?

    public init(jobID: JobID, kind: Kind, time: Double, qpu: String? = nil, detail: String? = nil) {
        self.jobID = jobID
        self.kind = kind
        self.time = time
        self.qpu = qpu
        self.detail = detail
    }
}
