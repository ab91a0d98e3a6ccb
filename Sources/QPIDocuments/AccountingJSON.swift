public import FoundationEssentials
public import QPICore
public import QPIWire

/// qpu_seconds used per job and per user: what `qacct --json` prints and
/// `GET /api/accounting` serves.
public struct AccountingJSON: Codable, Sendable, Hashable {
    /// The selected jobs, oldest first.
    public var jobs: [JobUsageJSON]
    /// Each user with selected jobs or an account, by name.
    public var users: [BalanceJSON]

    public init(_ usage: AccountingRequest.Response) {
        self.jobs = usage.jobs.map(JobUsageJSON.init)
        self.users = usage.users.map(BalanceJSON.init)
    }

    /// The accounting answer this document shows; it holds every field of one.
    public var usage: AccountingRequest.Response {
        AccountingRequest.Response(jobs: self.jobs.map(\.usage), users: self.users.map(\.userBalance))
    }
}

/// One job's usage; `start_time` null before it started, `end_time` until it ends.
public struct JobUsageJSON: Codable, Sendable, Hashable {
    public var id: JobID
    public var name: String
    public var user: String
    public var qpu: String?
    public var state: JobState
    public var startTime: Date?
    public var endTime: Date?
    /// qpu_seconds charged; 0 until the job ends.
    public var qpuSeconds: Double
    /// The user's comment (`qsub --comment`); null for none.
    public var comment: String?

    public init(_ usage: JobUsage) {
        self.id = usage.jobID
        self.name = usage.name
        self.user = usage.user
        self.qpu = usage.qpu
        self.state = usage.state
        self.startTime = Date(epochSeconds: usage.startTime)
        self.endTime = Date(epochSeconds: usage.endTime)
        self.qpuSeconds = usage.qpuSeconds
        self.comment = usage.comment
    }

    var usage: JobUsage {
        JobUsage(
            jobID: self.id, name: self.name, user: self.user, qpu: self.qpu, state: self.state,
            startTime: self.startTime?.timeIntervalSince1970, endTime: self.endTime?.timeIntervalSince1970,
            qpuSeconds: self.qpuSeconds, comment: self.comment)
    }

    enum CodingKeys: String, CodingKey { case id, name, user, qpu, state, startTime, endTime, qpuSeconds, comment }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.qpu, forKey: .qpu)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.startTime, forKey: .startTime)
        try container.encode(self.endTime, forKey: .endTime)
        try container.encode(self.qpuSeconds, forKey: .qpuSeconds)
        try container.encode(self.comment, forKey: .comment)
    }
}

/// A user's usage of the selected jobs and balance; `balance` null is unlimited.
public struct BalanceJSON: Codable, Sendable, Hashable {
    public var user: String
    public var jobs: Int
    public var usedSeconds: Double
    public var balance: Double?

    public init(_ balance: UserBalance) {
        self.user = balance.user
        self.jobs = balance.jobs
        self.usedSeconds = balance.usedSeconds
        self.balance = balance.balance
    }

    var userBalance: UserBalance {
        UserBalance(user: self.user, jobs: self.jobs, usedSeconds: self.usedSeconds, balance: self.balance)
    }

    enum CodingKeys: String, CodingKey { case user, jobs, usedSeconds, balance }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.jobs, forKey: .jobs)
        try container.encode(self.usedSeconds, forKey: .usedSeconds)
        try container.encode(self.balance, forKey: .balance)
    }
}
