import QPICore

/// Names one dispatch of a job: a result counts only for the dispatch it answers.
public struct JobRef: Codable, Sendable, Hashable {
    public var jobID: JobID
    public var dispatchID: Int64
    public init(jobID: JobID, dispatchID: Int64) {
        self.jobID = jobID
        self.dispatchID = dispatchID
    }
}

/// Messages `qpid` sends on its QPU link.
public enum NodeMessage: Codable, Sendable, Hashable {
    /// First message on a new connection: who the node is and what it still holds.
    case hello(NodeHello)
    /// Liveness, every HeartbeatInterval, with the jobs running now.
    case heartbeat(running: [JobRef])
    /// The node has the job and will run it.
    case accepted(JobRef)
    /// A job ended on the node; resent until the controller acknowledges it.
    case result(JobOutcome)
    /// An executor event (calibration, instrument readings), rate-limited by the node.
    case telemetry(TelemetryEvent)
}

/// What a node announces when it connects.
public struct NodeHello: Codable, Sendable, Hashable {
    /// Chosen anew for each connection; a repeated hello with the same session only asks
    /// for the welcome again and triggers no reconciliation.
    public var session: UInt64
    public var qpu: String
    public var executor: String
    public var qubits: Int
    /// Jobs the node is running.
    public var running: [JobRef]
    /// Results in the node's spool not yet acknowledged; they follow as `result` messages.
    public var spooled: [JobRef]
    public init(session: UInt64, qpu: String, executor: String, qubits: Int, running: [JobRef], spooled: [JobRef]) {
        self.session = session
        self.qpu = qpu
        self.executor = executor
        self.qubits = qubits
        self.running = running
        self.spooled = spooled
    }
}

/// How a job ended on its node.
public struct JobOutcome: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        case completed, failed, timeout, cancelled
    }
    public var ref: JobRef
    public var status: Status
    public var results: [CircuitResult]?
    /// Why the job failed, timed out or was stopped.
    public var message: String?
    /// Seconds the executor measured on the device: what the user is charged.
    public var deviceSeconds: Double

    public init(ref: JobRef, status: Status, results: [CircuitResult]?, message: String?, deviceSeconds: Double) {
        self.ref = ref
        self.status = status
        self.results = results
        self.message = message
        self.deviceSeconds = deviceSeconds
    }
}

/// Messages `qpictld` sends on a QPU link.
public enum ControllerMessage: Codable, Sendable, Hashable {
    /// Answer to `hello`: the link is authenticated; heartbeat at this interval.
    case welcome(session: UInt64, cluster: String, heartbeatSeconds: Double)
    /// The hello was refused (unknown QPU, bad credential, duplicate node).
    case refused(WireError)
    /// Run this job.
    case dispatch(Dispatch)
    /// Stop this job if it is running.
    case cancel(JobRef)
    /// The result for this dispatch is stored: drop it from the spool.
    case resultStored(JobRef)
}

/// A job handed to a node.
public struct Dispatch: Codable, Sendable, Hashable {
    public var ref: JobRef
    public var name: String
    public var user: String
    public var scripts: [ScriptFile]
    public var shots: Int
    public var seed: UInt64?
    public var timeLimitSeconds: Int
    /// The job's options for the executor (`qsub --executor-option`); nil for none, so a
    /// node of this protocol version that predates them reads the message too.
    public var executorOptions: [String: String]?

    public init(
        ref: JobRef,
        name: String,
        user: String,
        scripts: [ScriptFile],
        shots: Int,
        seed: UInt64?,
        timeLimitSeconds: Int,
        executorOptions: [String: String]? = nil
    ) {
        self.ref = ref
        self.name = name
        self.user = user
        self.scripts = scripts
        self.shots = shots
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
        self.executorOptions = executorOptions
    }
}
