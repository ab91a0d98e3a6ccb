/// A user's request for more qpu_seconds (the reference's `qpu_time_requests`), as
/// `qres request` files it and `qctl request approve|reject` decides it.
public struct QPUTimeRequest: Sendable, Hashable, Codable {
    /// Where a request stands. Only a pending request can be decided, once.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case pending = "PENDING"
        case approved = "APPROVED"
        case rejected = "REJECTED"
    }

    public var id: Int64
    /// Who asked, as munge verified it; an approval adds to this user's balance.
    public var user: String
    public var uid: UInt32
    /// The qpu_seconds asked for (more than 0).
    public var seconds: Double
    /// Why the user needs the time, in their words.
    public var reason: String
    public var state: State
    /// Seconds since the Unix epoch.
    public var createdAt: Double
    /// When an admin approved or rejected it; nil while pending.
    public var decidedAt: Double?
    /// The admin who decided it; nil while pending.
    public var decidedBy: String?
    /// The admin's note to the user, if any.
    public var note: String?

    public init(
        id: Int64,
        user: String,
        uid: UInt32,
        seconds: Double,
        reason: String,
        state: State = .pending,
        createdAt: Double,
        decidedAt: Double? = nil,
        decidedBy: String? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.user = user
        self.uid = uid
        self.seconds = seconds
        self.reason = reason
        self.state = state
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
    }
}
