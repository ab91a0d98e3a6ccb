public import QPICore

/// A job as the client submits it, before the store gives it an id.
public struct NewJob: Sendable, Hashable {
    public var name: String
    /// The submitting user, as munge verified it.
    public var user: String
    public var uid: UInt32
    /// The job-script files in the order given; stored and returned in that order.
    public var scripts: [ScriptFile]
    /// Shots per circuit; at least 1.
    public var shots: Int
    /// Number of circuits over all script files.
    public var circuitCount: Int
    /// Qubits of the widest circuit.
    public var qubits: Int
    /// The QPU the user asked for; nil lets the scheduler choose.
    public var requestedQPU: String?
    /// Time limit in whole seconds; at least 1.
    public var timeLimitSeconds: Int
    public var seed: UInt64?
    /// Submitted on hold (`qsub -H`): pending with reason `Held` until released.
    public var held: Bool
    /// Seconds since the Unix epoch.
    public var submitTime: Double
    /// Scheduling priority; higher runs first.
    public var priority: Int
    public var dependency: JobDependency?
    /// Seconds since the Unix epoch before which the job may not start; nil for none.
    public var beginTime: Double?
    public var comment: String?
    /// Key → value handed to the executor with the job; empty for none.
    public var executorOptions: [String: String]
    /// When mail is sent (`qsub --mail-type`, `END,FAIL`); nil for the default, END.
    public var mailType: String?
    /// Where mail goes when the job ends (`qsub --mail-user`); nil sends none.
    public var mailUser: String?
    /// Where the job's end document is posted (`qsub --notify-url`); nil posts nothing.
    public var notifyURL: String?
    /// The job's task index and its array's bound on running tasks, when it is a task of an
    /// array; the array's id is the first task's job id, known once that one is stored.
    public var arrayTask: NewArrayTask?

    public init(
        name: String,
        user: String,
        uid: UInt32,
        scripts: [ScriptFile],
        shots: Int,
        circuitCount: Int,
        qubits: Int,
        requestedQPU: String? = nil,
        timeLimitSeconds: Int,
        seed: UInt64? = nil,
        held: Bool = false,
        submitTime: Double,
        priority: Int = 0,
        dependency: JobDependency? = nil,
        beginTime: Double? = nil,
        comment: String? = nil,
        executorOptions: [String: String] = [:],
        mailType: String? = nil,
        mailUser: String? = nil,
        notifyURL: String? = nil,
        arrayTask: NewArrayTask? = nil
    ) {
        self.name = name
        self.user = user
        self.uid = uid
        self.scripts = scripts
        self.shots = shots
        self.circuitCount = circuitCount
        self.qubits = qubits
        self.requestedQPU = requestedQPU
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.held = held
        self.submitTime = submitTime
        self.priority = priority
        self.dependency = dependency
        self.beginTime = beginTime
        self.comment = comment
        self.executorOptions = executorOptions
        self.mailType = mailType
        self.mailUser = mailUser
        self.notifyURL = notifyURL
        self.arrayTask = arrayTask
    }
}

/// A task of an array about to be stored: its index and the array's bound on running tasks.
public struct NewArrayTask: Sendable, Hashable {
    public var taskID: Int
    public var limit: Int?

    public init(taskID: Int, limit: Int?) {
        self.taskID = taskID
        self.limit = limit
    }
}
