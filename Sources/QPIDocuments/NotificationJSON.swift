public import FoundationEssentials
public import QPICore

/// A notification; `users` null for a broadcast, `ends_at` null while it has no end.
public struct NotificationJSON: Codable, Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var message: String
    /// info, warning or critical.
    public var level: QPICore.Notification.Level
    public var users: [String]?
    public var startsAt: Date
    public var endsAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date?
    /// Set only in the answer to a dismissal; listings hold only undismissed ones for users.
    public var dismissed: Bool?

    public init(_ notification: QPICore.Notification, dismissed: Bool? = nil) {
        self.id = notification.id
        self.title = notification.title
        self.message = notification.message
        self.level = notification.level
        self.users = notification.isBroadcast ? nil : notification.users
        self.startsAt = Date(timeIntervalSince1970: notification.startsAt)
        self.endsAt = Date(epochSeconds: notification.endsAt)
        self.createdBy = notification.createdBy
        self.createdAt = Date(timeIntervalSince1970: notification.createdAt)
        self.updatedAt = Date(epochSeconds: notification.updatedAt)
        self.dismissed = dismissed
    }

    enum CodingKeys: String, CodingKey {
        case id, title, message, level, users, startsAt, endsAt, createdBy, createdAt, updatedAt, dismissed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.title, forKey: .title)
        try container.encode(self.message, forKey: .message)
        try container.encode(self.level, forKey: .level)
        try container.encode(self.users, forKey: .users)
        try container.encode(self.startsAt, forKey: .startsAt)
        try container.encode(self.endsAt, forKey: .endsAt)
        try container.encode(self.createdBy, forKey: .createdBy)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(self.dismissed, forKey: .dismissed)
    }
}
