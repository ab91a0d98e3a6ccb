internal import Foundation
public import QPICore

/// What one user has done with one notification.
public struct NotificationReceipt: Sendable, Hashable {
    /// When a command first printed it to the user, if ever.
    public var shownAt: Double?
    /// When the user dismissed it, if they did.
    public var dismissedAt: Double?

    public init(shownAt: Double?, dismissedAt: Double?) {
        self.shownAt = shownAt
        self.dismissedAt = dismissedAt
    }
}

extension JobStore {
    /// Stores a new notification; `draft.id` is ignored and the stored record returned.
    public func createNotification(_ draft: QPICore.Notification) async throws -> QPICore.Notification {
        let users = try Self.usersText(draft.users)
        return try await self.write("createNotification") { db in
            let id = try db.insertReturningID(
                sql: """
                    INSERT INTO notifications
                        (title, message, level, users, starts_at, ends_at, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """,
                arguments: [
                    draft.title, draft.message, draft.level.rawValue, users, draft.startsAt, draft.endsAt,
                    draft.createdBy, draft.createdAt,
                ])
            var stored = draft
            stored.id = id
            return stored
        }
    }

    /// Notifications by id: those whose window contains `activeAt`, or all when nil.
    public func notifications(activeAt time: Double? = nil) throws -> [QPICore.Notification] {
        try self.read("notifications") { db in
            let rows =
                if let time {
                    try SQLRow.fetchAll(
                        db,
                        sql: """
                            SELECT \(Self.notificationColumns) FROM notifications
                            WHERE starts_at <= ? AND (ends_at IS NULL OR ends_at > ?) ORDER BY id
                            """,
                        arguments: [time, time])
                } else {
                    try SQLRow.fetchAll(db, sql: "SELECT \(Self.notificationColumns) FROM notifications ORDER BY id")
                }
            return try rows.map(Self.notification)
        }
    }

    /// The notification with this id, or nil.
    public func notification(id: Int64) throws -> QPICore.Notification? {
        try self.read("notification") { db in
            try SQLRow.fetchOne(
                db, sql: "SELECT \(Self.notificationColumns) FROM notifications WHERE id = ?", arguments: [id]
            ).map(Self.notification)
        }
    }

    /// Writes every field of `notification` over the stored one with its id.
    /// - Throws: `StoreError` `.notFound` for an unknown id.
    public func replaceNotification(_ notification: QPICore.Notification) async throws {
        let users = try Self.usersText(notification.users)
        try await self.write("replaceNotification") { db in
            try db.execute(
                sql: """
                    UPDATE notifications SET title = ?, message = ?, level = ?, users = ?, starts_at = ?,
                        ends_at = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    notification.title, notification.message, notification.level.rawValue, users,
                    notification.startsAt, notification.endsAt, notification.updatedAt, notification.id,
                ])
            guard db.changesCount == 1 else { throw StoreError.notFound("notification \(notification.id)") }
        }
    }

    /// Deletes a notification and every user's receipt of it.
    /// - Throws: `StoreError` `.notFound` for an unknown id.
    public func deleteNotification(id: Int64) async throws {
        try await self.write("deleteNotification") { db in
            try db.execute(sql: "DELETE FROM notification_receipts WHERE notification_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM notifications WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("notification \(id)") }
        }
    }

    /// What `user` has done with each notification they have a receipt for, by id.
    public func notificationReceipts(user: String) throws -> [Int64: NotificationReceipt] {
        try self.read("notificationReceipts") { db in
            var receipts: [Int64: NotificationReceipt] = [:]
            let rows = try SQLRow.fetchAll(
                db, sql: "SELECT notification_id, shown_at, dismissed_at FROM notification_receipts WHERE \"user\" = ?",
                arguments: [user])
            for row in rows {
                let id: Int64 = try row.decode(atIndex: 0)
                receipts[id] = NotificationReceipt(
                    shownAt: try row.decode(atIndex: 1), dismissedAt: try row.decode(atIndex: 2))
            }
            return receipts
        }
    }

    /// Records that `user` dismissed notification `id`; dismissing again keeps the first time.
    public func dismissNotification(id: Int64, user: String, time: Double) async throws {
        try await self.write("dismissNotification") { db in
            try db.execute(
                sql: """
                    INSERT INTO notification_receipts (notification_id, "user", dismissed_at) VALUES (?, ?, ?)
                    ON CONFLICT (notification_id, "user")
                    DO UPDATE SET dismissed_at = COALESCE(notification_receipts.dismissed_at, excluded.dismissed_at)
                    """,
                arguments: [id, user, time])
        }
    }

    /// Marks the notifications `ids` shown to `user` at `time`, in one transaction.
    /// - Returns: those of `ids` that had been neither shown to nor dismissed by the user,
    ///   so two commands started at once do not both print the same one.
    public func claimUnshownNotifications(ids: [Int64], user: String, time: Double) async throws -> Set<Int64> {
        try await self.write("claimUnshownNotifications", rows: max(ids.count, 1)) { db in
            var claimed: Set<Int64> = []
            for id in ids {
                try db.execute(
                    sql: """
                        INSERT INTO notification_receipts (notification_id, "user", shown_at) VALUES (?, ?, ?)
                        ON CONFLICT (notification_id, "user") DO UPDATE SET shown_at = excluded.shown_at
                        WHERE notification_receipts.shown_at IS NULL AND notification_receipts.dismissed_at IS NULL
                        """,
                    arguments: [id, user, time])
                if db.changesCount == 1 { claimed.insert(id) }
            }
            return claimed
        }
    }

    private static let notificationColumns =
        "id, title, message, level, users, starts_at, ends_at, created_by, created_at, updated_at"

    private static func usersText(_ users: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(users), as: UTF8.self)
    }

    private static func notification(_ row: SQLRow) throws -> QPICore.Notification {
        let levelText: String = try row.decode(atIndex: 3)
        guard let level = QPICore.Notification.Level(rawValue: levelText) else {
            throw StoreError.corruptRow("notification level", levelText)
        }
        let usersText: String = try row.decode(atIndex: 4)
        let users: [String]
        do {
            users = try JSONDecoder().decode([String].self, from: Data(usersText.utf8))
        } catch {
            throw StoreError.corruptRow("notification users", usersText, cause: error)
        }
        return QPICore.Notification(
            id: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), message: try row.decode(atIndex: 2),
            level: level, users: users, startsAt: try row.decode(atIndex: 5), endsAt: try row.decode(atIndex: 6),
            createdBy: try row.decode(atIndex: 7), createdAt: try row.decode(atIndex: 8),
            updatedAt: try row.decode(atIndex: 9))
    }
}
