import QPICore
import QPIWire

/// Notifications, as both front ends ask for them: the ``NotificationBoard`` answers, outside
/// the actor.
extension ClusterController {
    nonisolated public func createNotification(_ request: NotificationCreateRequest, by caller: Caller)
        async throws(WireError) -> NotificationResponse
    {
        try await self.notifications.create(request, by: caller)
    }

    nonisolated public func updateNotification(_ request: NotificationUpdateRequest, by caller: Caller)
        async throws(WireError) -> NotificationResponse
    {
        try await self.notifications.update(request, by: caller)
    }

    nonisolated public func deleteNotification(_ id: Int64, by caller: Caller) async throws(WireError)
        -> NotificationResponse
    {
        try await self.notifications.delete(id, by: caller)
    }

    /// The caller's visible notifications, or with `all` every notification (admins only).
    nonisolated public func listNotifications(all: Bool, by caller: Caller) async throws(WireError) -> [Notification] {
        try await self.notifications.list(all: all, by: caller)
    }

    /// Dismisses a notification for the caller alone.
    nonisolated public func dismissNotification(_ id: Int64, by caller: Caller) async throws(WireError)
        -> NotificationResponse
    {
        try await self.notifications.dismiss(id, by: caller)
    }

    /// The caller's visible notifications that no command has shown them yet, now marked shown.
    nonisolated public func takeUnshownNotifications(by caller: Caller) async throws(WireError) -> [Notification] {
        try await self.notifications.takeUnshown(by: caller)
    }
}
