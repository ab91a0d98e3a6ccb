import QPICore

/// Creates a notification (`qctl notify create`; administrators only).
public struct NotificationCreateRequest: WireRequest {
    public static let type = "notification_create"
    public var title: String
    public var message: String
    public var level: Notification.Level?
    /// Who it is for; empty broadcasts it.
    public var users: [String]
    /// Seconds since the epoch; nil starts it now.
    public var startsAt: Double?
    /// Seconds since the epoch; nil shows it until deleted.
    public var endsAt: Double?

    public init(
        title: String, message: String, level: Notification.Level? = nil, users: [String] = [],
        startsAt: Double? = nil, endsAt: Double? = nil
    ) {
        self.title = title
        self.message = message
        self.level = level
        self.users = users
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public typealias Response = NotificationResponse
}

/// Changes the given fields of a notification (`qctl notify update`; administrators only).
public struct NotificationUpdateRequest: WireRequest {
    public static let type = "notification_update"
    public var id: Int64
    public var title: String?
    public var message: String?
    public var level: Notification.Level?
    /// New targets; an empty list makes it a broadcast.
    public var users: [String]?
    public var startsAt: Double?
    public var endsAt: Double?
    /// Removes the end of the window, so it is shown until deleted.
    public var clearEnd: Bool

    public init(
        id: Int64, title: String? = nil, message: String? = nil, level: Notification.Level? = nil,
        users: [String]? = nil, startsAt: Double? = nil, endsAt: Double? = nil, clearEnd: Bool = false
    ) {
        self.id = id
        self.title = title
        self.message = message
        self.level = level
        self.users = users
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.clearEnd = clearEnd
    }

    public var changesNothing: Bool {
        self.title == nil && self.message == nil && self.level == nil && self.users == nil && self.startsAt == nil
            && self.endsAt == nil && !self.clearEnd
    }

    public typealias Response = NotificationResponse
}

/// Deletes a notification for everyone (`qctl notify delete`; administrators only).
public struct NotificationDeleteRequest: WireRequest {
    public static let type = "notification_delete"
    public var id: Int64
    public init(id: Int64) { self.id = id }
    public typealias Response = NotificationResponse
}

/// Notifications: by default the caller's (meant for them, inside their window, not
/// dismissed); with `all`, every one in any state (administrators only).
public struct NotificationListRequest: WireRequest {
    public static let type = "notification_list"
    public var all: Bool
    public init(all: Bool = false) { self.all = all }

    public struct Response: Codable, Sendable, Hashable {
        public var notifications: [Notification]
        public init(notifications: [Notification]) { self.notifications = notifications }
    }
}

/// Hides a notification from the caller's listings for good (`qctl notify dismiss`).
public struct NotificationDismissRequest: WireRequest {
    public static let type = "notification_dismiss"
    public var id: Int64
    public init(id: Int64) { self.id = id }
    public typealias Response = NotificationResponse
}

/// The caller's notifications that no command has shown them yet, marked shown by this
/// request: what commands print before their output, each once per user.
public struct NotificationTakeUnshownRequest: WireRequest {
    public static let type = "notification_take_unshown"
    public init() {}
    public typealias Response = NotificationListRequest.Response
}

public struct NotificationResponse: Codable, Sendable, Hashable {
    public var notification: Notification
    public init(notification: Notification) { self.notification = notification }
}
