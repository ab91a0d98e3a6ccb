public import FoundationEssentials
public import QPICore
public import QPIWire

/// A request for more qpu_seconds; `decided_at`, `decided_by` and `note` null while pending.
public struct TimeRequestJSON: Codable, Sendable, Hashable {
    public var id: Int64
    public var user: String
    public var seconds: Double
    public var reason: String
    /// PENDING, APPROVED or REJECTED.
    public var state: QPUTimeRequest.State
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
    public var note: String?

    public init(_ request: QPUTimeRequest) {
        self.id = request.id
        self.user = request.user
        self.seconds = request.seconds
        self.reason = request.reason
        self.state = request.state
        self.createdAt = Date(timeIntervalSince1970: request.createdAt)
        self.decidedAt = Date(epochSeconds: request.decidedAt)
        self.decidedBy = request.decidedBy
        self.note = request.note
    }

    enum CodingKeys: String, CodingKey { case id, user, seconds, reason, state, createdAt, decidedAt, decidedBy, note }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.seconds, forKey: .seconds)
        try container.encode(self.reason, forKey: .reason)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.decidedAt, forKey: .decidedAt)
        try container.encode(self.decidedBy, forKey: .decidedBy)
        try container.encode(self.note, forKey: .note)
    }
}

/// A decided request and the user's balance after it (null: unlimited).
public struct DecidedTimeRequestJSON: Codable, Sendable, Hashable {
    public var request: TimeRequestJSON
    public var balance: Double?

    public init(_ decided: DecideTimeRequest.Response) {
        self.request = TimeRequestJSON(decided.request)
        self.balance = decided.balance
    }

    enum CodingKeys: String, CodingKey { case request, balance }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.request, forKey: .request)
        try container.encode(self.balance, forKey: .balance)
    }
}
