import QPICore
import QPIStore
import QPIWire
import Synchronization

/// Notifications: administrators create, change and delete them; each user sees those meant
/// for them (broadcast or targeted) inside their window until they dismiss them. Commands
/// print each one once per user (``takeUnshown(by:)``).
///
/// It needs nothing of the controller's queue, so it lives outside the controller's actor:
/// the notices that ride on every command's reply never wait behind scheduling or results.
/// What it remembers (``NotificationCache``) sits behind a lock, with a generation that every
/// change moves on: a store read that began before a change cannot put what it read back
/// into the cache after it.
final class NotificationBoard: Sendable {
    private struct State {
        var cache = NotificationCache()
        var generation: UInt64 = 0
    }

    private let store: JobStore
    private let now: @Sendable () -> Double
    private let state = Mutex(State())

    init(store: JobStore, now: @escaping @Sendable () -> Double) {
        self.store = store
        self.now = now
    }

    func create(_ request: NotificationCreateRequest, by caller: Caller) async throws(WireError)
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
        defer { self.changed() }
        do {
            return NotificationResponse(notification: try await self.store.createNotification(draft))
        } catch {
            throw WireError(.unavailable, "cannot store the notification: \(error)")
        }
    }

    func update(_ request: NotificationUpdateRequest, by caller: Caller) async throws(WireError)
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
        var updated = try await self.existing(request.id)
        if let title = request.title { updated.title = title }
        if let message = request.message { updated.message = message }
        if let level = request.level { updated.level = level }
        if let users = request.users { updated.users = Self.normalized(users) }
        if let startsAt = request.startsAt { updated.startsAt = startsAt }
        if let endsAt = request.endsAt { updated.endsAt = endsAt }
        if request.clearEnd { updated.endsAt = nil }
        updated.updatedAt = self.now()
        try Self.validate(updated)
        defer { self.changed() }
        do {
            try await self.store.replaceNotification(updated)
        } catch {
            throw Self.wireError(error, id: request.id, doing: "update")
        }
        return NotificationResponse(notification: updated)
    }

    func delete(_ id: Int64, by caller: Caller) async throws(WireError) -> NotificationResponse {
        try Authorization.check(.manageNotifications, by: caller)
        let existing = try await self.existing(id)
        defer { self.changed() }
        do {
            try await self.store.deleteNotification(id: id)
        } catch {
            throw Self.wireError(error, id: id, doing: "delete")
        }
        return NotificationResponse(notification: existing)
    }

    /// The caller's visible notifications, or with `all` every notification (admins only).
    func list(all: Bool, by caller: Caller) async throws(WireError) -> [Notification] {
        if all {
            try Authorization.check(.listAllNotifications, by: caller)
            return try await self.read { store in try store.notifications() }
        }
        let user = caller.user
        let now = self.now()
        let (active, receipts) = try await self.read { store in
            (try store.notifications(activeAt: now), try store.notificationReceipts(user: user))
        }
        return active.filter { $0.concerns(user) && receipts[$0.id]?.dismissedAt == nil }
    }

    /// Dismisses a notification for the caller alone. One that is not meant for them is
    /// reported as missing, so ids reveal nothing about others' notifications.
    func dismiss(_ id: Int64, by caller: Caller) async throws(WireError) -> NotificationResponse {
        let found = try await self.read { store in try store.notification(id: id) }
        guard let found, found.concerns(caller.user) else {
            throw WireError(.notFound, "no notification \(id) for you (\(caller.user))", field: "id")
        }
        do {
            try await self.store.dismissNotification(id: id, user: caller.user, time: self.now())
        } catch {
            throw WireError(.unavailable, "cannot record the dismissal: \(error)")
        }
        self.state.withLock { $0.cache.markSeen([id], by: caller.user) }
        return NotificationResponse(notification: found)
    }

    /// The caller's visible notifications that no command has shown them yet, now marked
    /// shown. Every command's reply asks, so the answer comes from the cache and the store is
    /// read only when a notification may be new to this user.
    func takeUnshown(by caller: Caller) async throws(WireError) -> [Notification] {
        let user = caller.user
        let (cached, generation) = self.state.withLock { ($0.cache, $0.generation) }
        var cache = cached
        if cache.all == nil {
            let all = try await self.read { store in try store.notifications() }
            cache.all = all
            self.state.withLock { if $0.generation == generation { $0.cache.all = all } }
        }
        let now = self.now()
        guard !cache.candidates(for: user, at: now).isEmpty else { return [] }
        if !cache.hasReceipts(of: user) {
            let receipts = try await self.read { store in try store.notificationReceipts(user: user) }
            cache.load(receipts: receipts, of: user)
            self.state.withLock { if $0.generation == generation { $0.cache.load(receipts: receipts, of: user) } }
        }
        let unshown = cache.candidates(for: user, at: now)
        guard !unshown.isEmpty else { return [] }
        let claimed: Set<Int64>
        do {
            claimed = try await self.store.claimUnshownNotifications(ids: unshown.map(\.id), user: user, time: now)
        } catch {
            throw WireError(.unavailable, "cannot record shown notifications: \(error)")
        }
        // Those claimed by a concurrent request of the same user were shown by it. A receipt
        // stays true whatever changed meanwhile, so it is remembered in any generation.
        self.state.withLock { $0.cache.markSeen(unshown.map(\.id), by: user) }
        return unshown.filter { claimed.contains($0.id) }
    }

    /// A notification was created, changed or deleted: everything is read again, and reads
    /// that began before are not kept.
    private func changed() {
        self.state.withLock {
            $0.cache.forget()
            $0.generation &+= 1
        }
    }

    private func existing(_ id: Int64) async throws(WireError) -> Notification {
        guard let found = try await self.read({ store in try store.notification(id: id) }) else {
            throw WireError(.notFound, "no notification \(id)", field: "id")
        }
        return found
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (JobStore) throws -> T) async throws(WireError) -> T {
        try await StoreReads.run(self.store, "notifications", body)
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
