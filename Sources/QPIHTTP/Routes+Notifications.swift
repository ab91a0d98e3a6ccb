import Foundation
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Notifications, as `qctl notify` manages them: administrators create, change and
    /// delete; each user lists those meant for them and dismisses them for themselves.
    mutating func addNotificationRoutes() {
        self.add(.get, "/api/notifications", auth: .user) { call in
            let caller = try call.user()
            let all = try Self.flag(call.query("all"), named: "all")
            let listed = try await call.run { () async throws(WireError) in
                try await call.controller.listNotifications(all: all, by: caller)
            }
            return ListJSON(items: listed.map { NotificationJSON($0) })
        }
        self.add(.post, "/api/notifications", auth: .superuser) { call in
            let caller = try call.user()
            let body = try await call.decode(NotificationCreateBody.self)
            let request = NotificationCreateRequest(
                title: body.title, message: body.message, level: body.level, users: body.users ?? [],
                startsAt: body.startsAt?.timeIntervalSince1970, endsAt: body.endsAt?.timeIntervalSince1970)
            let created = try await call.run { () async throws(WireError) in
                try await call.controller.createNotification(request, by: caller)
            }
            return EditedResponse(status: .created, response: NotificationJSON(created.notification))
        }
        self.add(.patch, "/api/notifications/{id}", auth: .superuser) { call in
            let caller = try call.user()
            let id = try call.id(of: "notification")
            let body = try await call.decode(NotificationUpdateBody.self)
            let request = NotificationUpdateRequest(
                id: id, title: body.title, message: body.message, level: body.level,
                users: body.users.map { $0 ?? [] }, startsAt: body.startsAt?.timeIntervalSince1970,
                endsAt: (body.endsAt ?? nil)?.timeIntervalSince1970,
                clearEnd: body.endsAt == .some(nil))
            let updated = try await call.run { () async throws(WireError) in
                try await call.controller.updateNotification(request, by: caller)
            }
            return NotificationJSON(updated.notification)
        }
        self.add(.delete, "/api/notifications/{id}", auth: .superuser) { call in
            let caller = try call.user()
            let id = try call.id(of: "notification")
            let deleted = try await call.run { () async throws(WireError) in
                try await call.controller.deleteNotification(id, by: caller)
            }
            return NotificationJSON(deleted.notification)
        }
        self.add(.post, "/api/notifications/{id}/dismiss", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "notification")
            let dismissed = try await call.run { () async throws(WireError) in
                try await call.controller.dismissNotification(id, by: caller)
            }
            return NotificationJSON(dismissed.notification, dismissed: true)
        }
    }

    /// A boolean query parameter: absent is false; 422 naming it for anything but true/false/1/0.
    static func flag(_ text: String?, named name: String) throws -> Bool {
        switch text?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?:
            throw APIError(.invalidArgument, "\(name) must be true or false, got '\(other)'", field: name)
        }
    }
}

struct NotificationCreateBody: Decodable, Sendable {
    var title: String
    var message: String
    var level: QPICore.Notification.Level?
    /// Null or absent broadcasts.
    var users: [String]?
    var startsAt: Date?
    var endsAt: Date?
}

/// A PATCH body: absent fields stay as they are; `"ends_at": null` removes the end and
/// `"users": null` (or `[]`) makes the notification a broadcast.
struct NotificationUpdateBody: Decodable, Sendable {
    var title: String?
    var message: String?
    var level: QPICore.Notification.Level?
    var users: [String]??
    var startsAt: Date?
    var endsAt: Date??

    enum CodingKeys: String, CodingKey { case title, message, level, users, startsAt, endsAt }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.title = try container.decodeIfPresent(String.self, forKey: .title)
        self.message = try container.decodeIfPresent(String.self, forKey: .message)
        self.level = try container.decodeIfPresent(QPICore.Notification.Level.self, forKey: .level)
        self.startsAt = try container.decodeIfPresent(Date.self, forKey: .startsAt)
        if container.contains(.users) {
            self.users = .some(try container.decodeIfPresent([String].self, forKey: .users))
        }
        if container.contains(.endsAt) {
            self.endsAt = .some(try container.decodeIfPresent(Date.self, forKey: .endsAt))
        }
    }
}
