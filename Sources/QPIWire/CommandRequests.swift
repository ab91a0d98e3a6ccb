import QPICore

/// Asks the controller whether it is up, and who it thinks the caller is.
public struct PingRequest: WireRequest {
    public static let type = "ping"
    public init() {}

    public struct Response: Codable, Sendable, Hashable {
        public var cluster: String
        public var user: String
        public var isAdmin: Bool
        public init(cluster: String, user: String, isAdmin: Bool) {
            self.cluster = cluster
            self.user = user
            self.isAdmin = isAdmin
        }
    }
}

/// Submits one job made of one or more script files (`qsub`).
public struct SubmitRequest: WireRequest {
    public static let type = "submit"

    public var scripts: [ScriptFile]
    /// Directives merged with command-line flags by the client.
    public var options: JobOptions
    /// Circuits over all scripts, as the client's parse counted them.
    public var circuitCount: Int
    /// Qubits of the widest circuit.
    public var qubits: Int
    public var hold: Bool
    /// Scheduling priority (`--priority`, or minus `--nice`); nil for 0. Only admins may
    /// ask for more than 0.
    public var priority: Int?
    /// Jobs that must end first (`--dependency`).
    public var dependency: JobDependency?
    /// `options.begin` read by the client against its clock and zone, in seconds since the
    /// Unix epoch: the job starts no earlier. Nil for no begin time.
    public var beginTime: Double?
    /// Chosen by the client (a UUID) and kept across its retries of this one submission:
    /// the controller stores it with the job and answers a retry with the first job's id
    /// instead of creating a second job. Nil submits without that protection.
    public var submissionID: String?
    /// For a parameter sweep, each task's scripts with its values written in, in the order of
    /// `options.array`'s tasks; nil when every task runs `scripts`.
    public var taskScripts: [[ScriptFile]]?

    public init(
        scripts: [ScriptFile], options: JobOptions, circuitCount: Int, qubits: Int, hold: Bool = false,
        priority: Int? = nil, dependency: JobDependency? = nil, beginTime: Double? = nil,
        submissionID: String? = nil, taskScripts: [[ScriptFile]]? = nil
    ) {
        self.scripts = scripts
        self.options = options
        self.circuitCount = circuitCount
        self.qubits = qubits
        self.hold = hold
        self.priority = priority
        self.dependency = dependency
        self.beginTime = beginTime
        self.submissionID = submissionID
        self.taskScripts = taskScripts
    }

    public struct Response: Codable, Sendable, Hashable {
        public var jobID: JobID
        public init(jobID: JobID) { self.jobID = jobID }
    }
}

/// Selects jobs for `qstat`, `qcancel` and accounting; nil fields select everything.
public struct JobQuery: Codable, Sendable, Hashable {
    public var ids: [JobID]?
    /// Jobs as users name them: `12` (job 12, or every task of array 12) and `12_3` (one task).
    public var references: [JobReference]?
    public var users: [String]?
    public var states: [JobState]?
    /// Jobs on these QPUs: the one each runs or ran on, else the one it asked for.
    public var qpus: [String]?
    /// Jobs with these names, exactly.
    public var names: [String]?
    /// Also look in finished jobs (the store), not only the live queue.
    public var includeFinished: Bool
    /// At most this many jobs, newest finished first after the live queue.
    public var limit: Int?

    public init(
        ids: [JobID]? = nil,
        users: [String]? = nil,
        states: [JobState]? = nil,
        qpus: [String]? = nil,
        names: [String]? = nil,
        includeFinished: Bool = false,
        limit: Int? = nil,
        references: [JobReference]? = nil
    ) {
        self.ids = ids
        self.references = references
        self.users = users
        self.states = states
        self.qpus = qpus
        self.names = names
        self.includeFinished = includeFinished
        self.limit = limit
    }
}

/// Lists jobs (`qstat`).
public struct ListJobsRequest: WireRequest {
    public static let type = "list_jobs"
    public var query: JobQuery
    public init(query: JobQuery) { self.query = query }

    public struct Response: Codable, Sendable, Hashable {
        public var jobs: [Job]
        public init(jobs: [Job]) { self.jobs = jobs }
    }
}

/// One job in full, with its event history (`qstat -j`).
public struct ShowJobRequest: WireRequest {
    public static let type = "show_job"
    public var jobID: JobID
    public init(jobID: JobID) { self.jobID = jobID }

    public struct Response: Codable, Sendable, Hashable {
        public var job: Job
        public var events: [JobEvent]
        public init(job: Job, events: [JobEvent]) {
            self.job = job
            self.events = events
        }
    }
}

/// Cancels jobs by id, or all of a user's jobs in some states (`qcancel`).
public struct CancelRequest: WireRequest {
    public static let type = "cancel"
    public var query: JobQuery
    public init(query: JobQuery) { self.query = query }

    public struct Response: Codable, Sendable, Hashable {
        /// Jobs that were pending or running and are now cancelled.
        public var cancelled: [JobID]
        /// Jobs that could not be cancelled, with why (already finished, not yours).
        public var refused: [Refusal]
        public init(cancelled: [JobID], refused: [Refusal]) {
            self.cancelled = cancelled
            self.refused = refused
        }
    }

    public struct Refusal: Codable, Sendable, Hashable {
        public var jobID: JobID
        public var error: WireError
        public init(jobID: JobID, error: WireError) {
            self.jobID = jobID
            self.error = error
        }
    }
}

/// A finished job's results (`qresult`).
public struct ResultRequest: WireRequest {
    public static let type = "result"
    public var jobID: JobID
    public init(jobID: JobID) { self.jobID = jobID }

    public struct Response: Codable, Sendable, Hashable {
        public var job: Job
        public var results: [CircuitResult]
        public init(job: Job, results: [CircuitResult]) {
            self.job = job
            self.results = results
        }
    }
}

/// QPUs and their states (`qinfo`).
public struct ListQPUsRequest: WireRequest {
    public static let type = "list_qpus"
    public init() {}

    public struct Response: Codable, Sendable, Hashable {
        public var qpus: [QPUStatus]
        public init(qpus: [QPUStatus]) { self.qpus = qpus }
    }
}

/// A QPU as `qinfo` shows it.
public struct QPUStatus: Codable, Sendable, Hashable {
    public var qpu: QPU
    /// Jobs running on it now.
    public var runningJobs: Int
    /// Jobs pending that asked for this QPU.
    public var pendingJobs: Int
    public init(qpu: QPU, runningJobs: Int, pendingJobs: Int) {
        self.qpu = qpu
        self.runningJobs = runningJobs
        self.pendingJobs = pendingJobs
    }
}

/// A node daemon asks where its QPU's link listens (munge-authenticated like commands).
public struct NodeLinkRequest: WireRequest {
    public static let type = "node_link"
    public var qpu: String
    public init(qpu: String) { self.qpu = qpu }

    public struct Response: Codable, Sendable, Hashable {
        /// NNG URL of the QPU's link socket, e.g. `tcp://127.0.0.1:6000`.
        public var url: String
        public init(url: String) { self.url = url }
    }
}

/// Waits until a job has ended, or `timeoutSeconds` pass, then returns it (`qsub --wait`).
public struct WaitJobRequest: WireRequest {
    public static let type = "wait_job"
    public var jobID: JobID
    public var timeoutSeconds: Double
    public init(jobID: JobID, timeoutSeconds: Double) {
        self.jobID = jobID
        self.timeoutSeconds = timeoutSeconds
    }

    public struct Response: Codable, Sendable, Hashable {
        /// The job as it is when the wait ended; still pending or running on timeout.
        public var job: Job
        public init(job: Job) { self.job = job }
    }
}

/// Pending jobs with their expected starts (`qstat --start`), from a dry run of the
/// scheduler over running jobs' time limits, booked slots and begin times.
public struct StartEstimatesRequest: WireRequest {
    public static let type = "start_estimates"
    /// Which pending jobs to list (its states and limit are not used).
    public var query: JobQuery
    public init(query: JobQuery) { self.query = query }

    public struct Response: Codable, Sendable, Hashable {
        /// In the order the scheduler considers them.
        public var estimates: [StartEstimate]
        public init(estimates: [StartEstimate]) { self.estimates = estimates }
    }
}

/// One pending job's place in the queue and expected start.
public struct StartEstimate: Codable, Sendable, Hashable {
    public var job: Job
    /// 1-based place among all pending jobs in the order the scheduler considers them.
    public var position: Int
    /// Expected start in seconds since the Unix epoch; nil when the dry run could not
    /// place the job (held, waiting on a job that has not started, no QPU fits, too far ahead).
    public var startTime: Double?
    /// The QPU the dry run started it on.
    public var qpu: String?

    public init(job: Job, position: Int, startTime: Double?, qpu: String?) {
        self.job = job
        self.position = position
        self.startTime = startTime
        self.qpu = qpu
    }
}
