public import QPICore

/// Which stored jobs `JobStore.jobs(matching:)` returns. A nil field does not filter; an
/// empty list matches nothing.
public struct JobFilter: Sendable, Hashable {
    /// The order of the returned jobs.
    public enum Order: Sendable, Hashable {
        /// Oldest job first.
        case idAscending
        /// Newest job first (`qacct`, the dashboard's history).
        case idDescending
    }

    public var ids: [JobID]?
    public var users: [String]?
    public var states: Set<JobState>?
    /// At most this many jobs; nil for all.
    public var limit: Int?
    public var order: Order

    public init(
        ids: [JobID]? = nil,
        users: [String]? = nil,
        states: Set<JobState>? = nil,
        limit: Int? = nil,
        order: Order = .idAscending
    ) {
        self.ids = ids
        self.users = users
        self.states = states
        self.limit = limit
        self.order = order
    }

    /// Finished jobs only (every state but pending and running), as the controller asks
    /// the store for what its in-memory queue no longer holds.
    public static func finished(users: [String]? = nil, limit: Int? = nil, order: Order = .idDescending) -> JobFilter {
        JobFilter(users: users, states: Set(JobState.allCases.filter(\.isFinished)), limit: limit, order: order)
    }
}
