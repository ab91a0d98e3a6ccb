public import QPICore

/// Which stored jobs `JobStore.jobs(matching:)` and the accounting queries return. A nil
/// field does not filter; an empty list matches nothing; the fields that are set all apply.
public struct JobFilter: Sendable, Hashable {
    /// The order of the returned jobs.
    public enum Order: Sendable, Hashable {
        /// Oldest job first.
        case idAscending
        /// Newest job first (`qacct`, the dashboard's history).
        case idDescending
    }

    public var ids: [JobID]?
    /// Jobs as users name them (``JobReference``): `12` is job 12 and, when 12 is an array,
    /// every task of it; `12_3` is task 3 of array 12 only.
    public var references: [JobReference]?
    public var users: [String]?
    public var states: Set<JobState>?
    /// Jobs on these QPUs: the one each ran on, else the one it asked for.
    public var qpus: [String]?
    /// Jobs with these names, exactly.
    public var names: [String]?
    /// Jobs still active at this time (not ended, or ended at or after it), in seconds
    /// since the Unix epoch.
    public var activeSince: Double?
    /// Jobs submitted at or before this time, in seconds since the Unix epoch.
    public var submittedBy: Double?
    /// Only jobs with a smaller id (the cursor of a listing read newest first).
    public var idBelow: JobID?
    /// Only jobs with a larger id (the cursor of a listing read oldest first).
    public var idAbove: JobID?
    /// At most this many jobs; nil for all.
    public var limit: Int?
    public var order: Order

    public init(
        ids: [JobID]? = nil,
        users: [String]? = nil,
        states: Set<JobState>? = nil,
        qpus: [String]? = nil,
        names: [String]? = nil,
        activeSince: Double? = nil,
        submittedBy: Double? = nil,
        limit: Int? = nil,
        order: Order = .idAscending
    ) {
        self.ids = ids
        self.users = users
        self.states = states
        self.qpus = qpus
        self.names = names
        self.activeSince = activeSince
        self.submittedBy = submittedBy
        self.limit = limit
        self.order = order
    }

    /// Finished jobs only (every state but pending and running), as the controller asks
    /// the store for what its in-memory queue no longer holds.
    public static func finished(users: [String]? = nil, limit: Int? = nil, order: Order = .idDescending) -> JobFilter {
        JobFilter(users: users, states: Set(JobState.allCases.filter(\.isFinished)), limit: limit, order: order)
    }

    /// Whether `job` passes the filter's selections (ids, users, states, QPUs, names,
    /// times); the controller applies it to the jobs it holds in memory.
    public func matches(_ job: Job) -> Bool {
        if let ids = self.ids, !ids.contains(job.id) { return false }
        if let references = self.references, !references.contains(where: job.isNamed(by:)) { return false }
        if let users = self.users, !users.contains(job.user) { return false }
        if let states = self.states, !states.contains(job.state) { return false }
        if let qpus = self.qpus, !qpus.contains(job.qpu ?? job.requestedQPU ?? "") { return false }
        if let names = self.names, !names.contains(job.name) { return false }
        if let since = self.activeSince, let end = job.endTime, end < since { return false }
        if let by = self.submittedBy, job.submitTime > by { return false }
        if let below = self.idBelow, job.id >= below { return false }
        if let above = self.idAbove, job.id <= above { return false }
        return true
    }
}
