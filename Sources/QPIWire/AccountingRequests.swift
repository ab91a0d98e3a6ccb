public import QPICore

/// Per-job usage and per-user balances (`qacct`). Every user may read every user's
/// usage, as in Slurm without `PrivateData=usage`; by default the caller's own.
public struct AccountingRequest: WireRequest {
    public static let type = "accounting"

    /// Only these users' jobs; nil for the caller's own, or everyone's with `allUsers`.
    public var users: [String]?
    /// With `users` nil: everyone's jobs rather than the caller's.
    public var allUsers: Bool
    /// Only these jobs; nil for any.
    public var jobIDs: [JobID]?
    /// Only jobs still active at this time (not ended, or ended at or after it), in
    /// seconds since the Unix epoch; nil for all.
    public var since: Double?
    /// Only jobs submitted at or before this time, in seconds since the Unix epoch; nil for all.
    public var until: Double?
    /// Only jobs in these states; nil for any.
    public var states: [JobState]?
    /// Only jobs on these QPUs (the one each ran on, else the one it asked for); nil for any.
    public var qpus: [String]?
    /// Only jobs with these names; nil for any.
    public var names: [String]?

    public init(
        users: [String]? = nil, allUsers: Bool = false, jobIDs: [JobID]? = nil, since: Double? = nil,
        until: Double? = nil, states: [JobState]? = nil, qpus: [String]? = nil, names: [String]? = nil
    ) {
        self.users = users
        self.allUsers = allUsers
        self.jobIDs = jobIDs
        self.since = since
        self.until = until
        self.states = states
        self.qpus = qpus
        self.names = names
    }

    public struct Response: Codable, Sendable, Hashable {
        /// The selected jobs, oldest first.
        public var jobs: [JobUsage]
        /// Each user with selected jobs or an account, by name.
        public var users: [UserBalance]
        public init(jobs: [JobUsage], users: [UserBalance]) {
            self.jobs = jobs
            self.users = users
        }
    }
}

/// One job's line in `qacct`.
public struct JobUsage: Codable, Sendable, Hashable {
    public var jobID: JobID
    public var name: String
    public var user: String
    /// The QPU it ran on; nil if it never started.
    public var qpu: String?
    public var state: JobState
    /// Seconds since the Unix epoch; nil before the job started (or after a requeue).
    public var startTime: Double?
    /// Seconds since the Unix epoch; nil until it ends.
    public var endTime: Double?
    /// qpu_seconds charged: the run time the executor measured; 0 until the job ends.
    public var qpuSeconds: Double
    /// The user's comment (`qsub --comment`); nil for none.
    public var comment: String?
    /// The array the job is a task of; nil for a single job.
    public var array: JobArrayTask?

    public init(job: Job) {
        self.init(
            jobID: job.id, name: job.name, user: job.user, qpu: job.qpu, state: job.state, startTime: job.startTime,
            endTime: job.endTime, qpuSeconds: job.qpuSeconds, comment: job.comment)
        self.array = job.array
    }

    /// The job as sacct names it: `12`, or `10_2` for task 2 of array 10.
    public var reference: JobReference { JobReference(self.jobID, in: self.array) }

    public init(
        jobID: JobID, name: String, user: String, qpu: String?, state: JobState, startTime: Double?, endTime: Double?,
        qpuSeconds: Double, comment: String? = nil
    ) {
        self.jobID = jobID
        self.name = name
        self.user = user
        self.qpu = qpu
        self.state = state
        self.startTime = startTime
        self.endTime = endTime
        self.qpuSeconds = qpuSeconds
        self.comment = comment
    }
}

/// A user's usage and balance in `qacct`.
public struct UserBalance: Codable, Sendable, Hashable {
    public var user: String
    /// Selected jobs of this user.
    public var jobs: Int
    /// qpu_seconds charged for them.
    public var usedSeconds: Double
    /// qpu_seconds left; nil (absent in JSON) is unlimited.
    public var balance: Double?

    public init(user: String, jobs: Int, usedSeconds: Double, balance: Double?) {
        self.user = user
        self.jobs = jobs
        self.usedSeconds = usedSeconds
        self.balance = balance
    }
}

/// A user's balance after an admin changed it.
public struct BalanceReply: Codable, Sendable, Hashable {
    public var user: String
    /// qpu_seconds left; nil (absent in JSON) is unlimited.
    public var balance: Double?

    public init(user: String, balance: Double?) {
        self.user = user
        self.balance = balance
    }
}

/// A user's account as administrators see it: rights, balance (nil: unlimited) and usage;
/// what `qctl user set` and `qctl user add-seconds` answer with.
public struct UserOverview: Codable, Sendable, Hashable {
    public var user: String
    /// root, the controller's account, or listed in AdminUsers.
    public var isAdmin: Bool
    public var balance: Double?
    public var usedSeconds: Double
    public var jobs: Int

    public init(user: String, isAdmin: Bool, balance: Double?, usedSeconds: Double, jobs: Int) {
        self.user = user
        self.isAdmin = isAdmin
        self.balance = balance
        self.usedSeconds = usedSeconds
        self.jobs = jobs
    }
}

/// Sets a user's balance (`qctl user set NAME qpu_seconds=N`); admins only.
public struct SetBalanceRequest: WireRequest {
    public static let type = "user_set_balance"
    public var user: String
    /// The new balance, 0 or more; nil makes it unlimited.
    public var qpuSeconds: Double?

    public init(user: String, qpuSeconds: Double?) {
        self.user = user
        self.qpuSeconds = qpuSeconds
    }

    public typealias Response = UserOverview
}

/// Adds seconds to a user's balance (`qctl user add-seconds NAME N`); admins only.
public struct AddSecondsRequest: WireRequest {
    public static let type = "user_add_seconds"
    public var user: String
    /// Seconds to add; below 0 to withdraw.
    public var seconds: Double

    public init(user: String, seconds: Double) {
        self.user = user
        self.seconds = seconds
    }

    public typealias Response = UserOverview
}

/// Asks for more qpu_seconds (`qres request`).
public struct FileTimeRequest: WireRequest {
    public static let type = "time_request_file"
    public var seconds: Double
    public var reason: String

    public init(seconds: Double, reason: String) {
        self.seconds = seconds
        self.reason = reason
    }

    public typealias Response = QPUTimeRequest
}

/// Lists time requests (`qres requests`): the caller's own, or with `all` everyone's
/// (admins only).
public struct ListTimeRequestsRequest: WireRequest {
    public static let type = "time_request_list"
    public var all: Bool

    public init(all: Bool) {
        self.all = all
    }

    public struct Response: Codable, Sendable, Hashable {
        public var requests: [QPUTimeRequest]
        public init(requests: [QPUTimeRequest]) { self.requests = requests }
    }
}

/// Approves or rejects a pending time request (`qctl request approve|reject`); admins only.
public struct DecideTimeRequest: WireRequest {
    public static let type = "time_request_decide"
    public var id: Int64
    public var approve: Bool
    public var note: String?

    public init(id: Int64, approve: Bool, note: String?) {
        self.id = id
        self.approve = approve
        self.note = note
    }

    public struct Response: Codable, Sendable, Hashable {
        public var request: QPUTimeRequest
        /// The requester's balance afterwards; nil (absent in JSON) is unlimited.
        public var balance: Double?
        public init(request: QPUTimeRequest, balance: Double?) {
            self.request = request
            self.balance = balance
        }
    }
}
