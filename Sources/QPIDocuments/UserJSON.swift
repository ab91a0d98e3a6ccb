public import QPIWire

/// A user's account: name, rights, balance (null: unlimited) and usage, as `qctl user`
/// prints it and `/api/me` and `/api/admin/users` serve it.
public struct UserJSON: Codable, Sendable, Hashable {
    public var user: String
    public var isAdmin: Bool
    public var balance: Double?
    public var usedSeconds: Double
    public var jobs: Int

    public init(_ account: UserOverview) {
        self.user = account.user
        self.isAdmin = account.isAdmin
        self.balance = account.balance
        self.usedSeconds = account.usedSeconds
        self.jobs = account.jobs
    }

    enum CodingKeys: String, CodingKey { case user, isAdmin, balance, usedSeconds, jobs }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.isAdmin, forKey: .isAdmin)
        try container.encode(self.balance, forKey: .balance)
        try container.encode(self.usedSeconds, forKey: .usedSeconds)
        try container.encode(self.jobs, forKey: .jobs)
    }
}
