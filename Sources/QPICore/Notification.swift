/// A message from the administrators to the cluster's users (`qctl notify`,
/// `/api/notifications`). Foundation has a `Notification` too: a file importing both modules
/// names this one `QPICore.Notification`.
///
/// Broadcast when `users` is empty, else meant only for those users; shown only inside
/// its window `[startsAt, endsAt)`; each user may dismiss it for themselves.
public struct Notification: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case info, warning, critical
    }

    public var id: Int64
    public var title: String
    public var message: String
    public var level: Level
    /// Who it is for; empty for everyone.
    public var users: [String]
    /// Seconds since the epoch from which it is shown.
    public var startsAt: Double
    /// Seconds since the epoch from which it is no longer shown; nil shows it until deleted.
    public var endsAt: Double?
    public var createdBy: String
    public var createdAt: Double
    public var updatedAt: Double?

    public init(
        id: Int64, title: String, message: String, level: Level, users: [String], startsAt: Double, endsAt: Double?,
        createdBy: String, createdAt: Double, updatedAt: Double? = nil
    ) {
        self.id = id
        self.title = title
        self.message = message
        self.level = level
        self.users = users
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isBroadcast: Bool { self.users.isEmpty }

    /// Whether it is meant for `user`: broadcast, or targeted at them.
    public func concerns(_ user: String) -> Bool {
        self.users.isEmpty || self.users.contains(user)
    }

    /// Whether `time` falls inside its window.
    public func isActive(at time: Double) -> Bool {
        self.startsAt <= time && self.endsAt.map { time < $0 } ?? true
    }

    /// Where its window stands at `time`, as listings show it.
    public func phase(at time: Double) -> Phase {
        if time < self.startsAt { return .scheduled }
        return self.isActive(at: time) ? .active : .expired
    }

    public enum Phase: String, Sendable, Hashable, Codable {
        case scheduled, active, expired
    }
}

/// The limits and checks on what an administrator writes into a notification, shared by
/// every front end so `qctl notify` and the HTTP API refuse the same things.
public enum NotificationRules {
    public static let maxTitleLength = 200
    public static let maxMessageLength = 4_000
    public static let maxUsers = 1_000

    /// The first problem with these fields, as (field, message), or nil when they are fine.
    public static func problem(
        title: String?, message: String?, users: [String]?, startsAt: Double?, endsAt: Double?
    ) -> (field: String, message: String)? {
        if let title {
            if title.trimmingWhitespace().isEmpty { return ("title", "the title is empty") }
            if title.count > Self.maxTitleLength {
                return ("title", "the title has \(title.count) characters, more than \(Self.maxTitleLength)")
            }
        }
        if let message {
            if message.trimmingWhitespace().isEmpty { return ("message", "the message is empty") }
            if message.count > Self.maxMessageLength {
                return ("message", "the message has \(message.count) characters, more than \(Self.maxMessageLength)")
            }
        }
        if let users {
            if users.count > Self.maxUsers {
                return ("users", "\(users.count) target users, more than \(Self.maxUsers); broadcast instead")
            }
            if let bad = users.first(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
                return ("users", "'\(bad)' is not a user name")
            }
        }
        for (field, value) in [("starts_at", startsAt), ("ends_at", endsAt)] {
            if let value, !value.isFinite { return (field, "the time is not a finite number of seconds") }
        }
        if let startsAt, let endsAt, endsAt <= startsAt {
            return ("ends_at", "the window ends before it starts")
        }
        return nil
    }
}
