import QPICore
import QPIStore
import QPIWire

/// Notifications: administrators create, change and delete them; each user sees those
/// meant for them (broadcast or targeted) inside their window until they dismiss them.
/// Commands print each one once per user (``takeUnshownNotifications(by:)``).
extension ClusterController {
    public func createNotification(_ request: NotificationCreateRequest, by caller: Caller) async throws(WireError)
        -> NotificationResponse
    {
        try Authorization.check(.manageNotifications, by: caller)
        let now = self.now()
        let draft = Notification(
            id: 0, title: request.title, message: request.message, level: request.level ?? .info,
            users: Self.normalized(request.users), startsAt: request.startsAt ?? now, endsAt: request.endsAt,
            createdBy: caller.user, createdAt: now)
        if let endsAt = draft.endsAt, endsAt <= now {
            throw WireError(.invalidArgument, "the window ends in the past; nobody would see it", field: "ends_at")
        }
        try Self.validate(draft)
        defer { self.notificationCache.forget() }
        do {
            return NotificationResponse(notification: try await self.store.createNotification(draft))
        } catch {
            throw WireError(.unavailable, "cannot store the notification: \(error)")
        }
    }

    public func updateNotification(_ request: NotificationUpdateRequest, by caller: Caller) async throws(WireError)
        -> NotificationResponse
    {
        try Authorization.check(.manageNotifications, by: caller)
        if request.clearEnd && request.endsAt != nil {
            throw WireError(.invalidArgument, "give either a new end or none, not both", field: "ends_at")
        }
        guard !request.changesNothing else {
            throw WireError(
                .invalidArgument, "nothing to change: give a title, message, level, users, starts_at or ends_at")
        }
        var updated = try self.existingNotification(request.id)
        if let title = request.title { updated.title = title }
        if let message = request.message { updated.message = message }
        if let level = request.level { updated.level = level }
        if let users = request.users { updated.users = Self.normalized(users) }
        if let startsAt = request.startsAt { updated.startsAt = startsAt }
        if let endsAt = request.endsAt { updated.endsAt = endsAt }
        if request.clearEnd { updated.endsAt = nil }
        updated.updatedAt = self.now()
        try Self.validate(updated)
        defer { self.notificationCache.forget() }
        do {
            try await self.store.replaceNotification(updated)
        } catch {
            throw Self.wireError(error, id: request.id, doing: "update")
        }
        return NotificationResponse(notification: updated)
    }

    public func deleteNotification(_ id: Int64, by caller: Caller) async throws(WireError) -> NotificationResponse {
        try Authorization.check(.manageNotifications, by: caller)
        let existing = try self.existingNotification(id)
        defer { self.notificationCache.forget() }
        do {
            try await self.store.deleteNotification(id: id)
        } catch {
            throw Self.wireError(error, id: id, doing: "delete")
        }
        return NotificationResponse(notification: existing)
    }

    /// The caller's visible notifications, or with `all` every notification (admins only).
    public func listNotifications(all: Bool, by caller: Caller) throws(WireError) -> [Notification] {
        if all {
            try Authorization.check(.listAllNotifications, by: caller)
            return try self.readNotifications { store in try store.notifications() }
        }
        return try self.visibleNotifications(to: caller.user).map(\.notification)
    }

    /// Dismisses a notification for the caller alone. One that is not meant for them is
    /// reported as missing, so ids reveal nothing about others' notifications.
    public func dismissNotification(_ id: Int64, by caller: Caller) async throws(WireError) -> NotificationResponse {
        let found = try self.readNotifications { store in try store.notification(id: id) }
        guard let found, found.concerns(caller.user) else {
            throw WireError(.notFound, "no notification \(id) for you (\(caller.user))", field: "id")
        }
        do {
            try await self.store.dismissNotification(id: id, user: caller.user, time: self.now())
        } catch {
            throw WireError(.unavailable, "cannot record the dismissal: \(error)")
        }
        self.notificationCache.markSeen([id], by: caller.user)
        return NotificationResponse(notification: found)
    }

    /// The caller's visible notifications that no command has shown them yet, now marked
    /// shown. Every command's first request asks (`RequestEnvelope.notices`), so the answer
    /// comes from ``notificationCache`` and the store is read only when a notification may
    /// be new to this user.
    public func takeUnshownNotifications(by caller: Caller) async throws(WireError) -> [Notification] {
        let user = caller.user
        if self.notificationCache.all == nil {
            self.notificationCache.all = try self.readNotifications { store in try store.notifications() }
        }
        let now = self.now()
        guard !self.notificationCache.candidates(for: user, at: now).isEmpty else { return [] }
        if !self.notificationCache.hasReceipts(of: user) {
            let receipts = try self.readNotifications { store in try store.notificationReceipts(user: user) }
            self.notificationCache.load(receipts: receipts, of: user)
        }
        let unshown = self.notificationCache.candidates(for: user, at: now)
        guard !unshown.isEmpty else { return [] }
        let claimed: Set<Int64>
        do {
            claimed = try await self.store.claimUnshownNotifications(ids: unshown.map(\.id), user: user, time: now)
        } catch {
            throw WireError(.unavailable, "cannot record shown notifications: \(error)")
        }
        // Those claimed by a concurrent request of the same user were shown by it.
        self.notificationCache.markSeen(unshown.map(\.id), by: user)
        return unshown.filter { claimed.contains($0.id) }
    }

    private func visibleNotifications(to user: String) throws(WireError)
        -> [(notification: Notification, receipt: NotificationReceipt?)]
    {
        let now = self.now()
        let (active, receipts) = try self.readNotifications { store in
            (try store.notifications(activeAt: now), try store.notificationReceipts(user: user))
        }
        return active.filter { $0.concerns(user) && receipts[$0.id]?.dismissedAt == nil }
            .map { (notification: $0, receipt: receipts[$0.id]) }
    }

    private func existingNotification(_ id: Int64) throws(WireError) -> Notification {
        guard let found = try self.readNotifications({ store in try store.notification(id: id) }) else {
            throw WireError(.notFound, "no notification \(id)", field: "id")
        }
        return found
    }

    private func readNotifications<T>(_ body: (JobStore) throws -> T) throws(WireError) -> T {
        do {
            return try body(self.store)
        } catch {
            throw WireError(.unavailable, "cannot read notifications: \(error)")
        }
    }

    private static func validate(_ notification: Notification) throws(WireError) {
        if let problem = NotificationRules.problem(
            title: notification.title, message: notification.message, users: notification.users,
            startsAt: notification.startsAt, endsAt: notification.endsAt)
        {
            throw WireError(.invalidArgument, problem.message, field: problem.field)
        }
    }

    /// Targets without repeats, in the order given.
    private static func normalized(_ users: [String]) -> [String] {
        var seen: Set<String> = []
        return users.filter { seen.insert($0).inserted }
    }

    private static func wireError(_ error: any Error, id: Int64, doing: String) -> WireError {
        if let error = error as? StoreError, error.code == .notFound {
            return WireError(.notFound, "no notification \(id)", field: "id")
        }
        return WireError(.unavailable, "cannot \(doing) notification \(id): \(error)")
    }
}
