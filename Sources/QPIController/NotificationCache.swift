import QPICore
import QPIStore

/// What the controller remembers of notifications so that the notices every command asks
/// for (`RequestEnvelope.notices`) cost no store read when there is nothing new: every
/// notification, and for each one the users who were shown it or dismissed it.
///
/// Only this controller writes notifications and receipts, so the memory stays true as
/// long as every write goes through ``forget()`` (a notification changed) or
/// ``markSeen(_:by:)`` (a receipt written).
struct NotificationCache {
    /// Every notification; nil until first read, and again after a change.
    var all: [Notification]?
    /// Notification id → users known to have been shown it or to have dismissed it.
    private var seen: [Int64: Set<String>] = [:]
    /// Users whose receipts have been read from the store since the last change.
    private var loadedUsers: Set<String> = []

    /// The notifications active at `time`, meant for `user`, that `user` may not have
    /// seen; without `loadedUsers` containing them, a candidate may still have a receipt.
    func candidates(for user: String, at time: Double) -> [Notification] {
        (self.all ?? []).filter {
            $0.isActive(at: time) && $0.concerns(user) && !(self.seen[$0.id]?.contains(user) ?? false)
        }
    }

    func hasReceipts(of user: String) -> Bool { self.loadedUsers.contains(user) }

    mutating func load(receipts: [Int64: NotificationReceipt], of user: String) {
        for (id, receipt) in receipts where receipt.shownAt != nil || receipt.dismissedAt != nil {
            self.seen[id, default: []].insert(user)
        }
        self.loadedUsers.insert(user)
    }

    mutating func markSeen(_ ids: some Sequence<Int64>, by user: String) {
        for id in ids { self.seen[id, default: []].insert(user) }
    }

    /// After a notification was created, changed or deleted: everything is read again.
    mutating func forget() {
        self = NotificationCache()
    }
}
