import QPIController
import QPIWire

/// The notification requests: `qctl notify` and the commands' message of the day.
extension CommandRouter {
    static let notificationRequestTypes: Set<String> = [
        NotificationCreateRequest.type, NotificationUpdateRequest.type, NotificationDeleteRequest.type,
        NotificationListRequest.type, NotificationDismissRequest.type, NotificationTakeUnshownRequest.type,
    ]

    func routeNotifications(_ type: String, _ body: [UInt8], caller: Caller) async throws(WireError) -> [UInt8] {
        let controller = self.controller
        switch type {
        case NotificationCreateRequest.type:
            return try await Self.serve(NotificationCreateRequest.self, body) { request async throws(WireError) in
                try await controller.createNotification(request, by: caller)
            }
        case NotificationUpdateRequest.type:
            return try await Self.serve(NotificationUpdateRequest.self, body) { request async throws(WireError) in
                try await controller.updateNotification(request, by: caller)
            }
        case NotificationDeleteRequest.type:
            return try await Self.serve(NotificationDeleteRequest.self, body) { request async throws(WireError) in
                try await controller.deleteNotification(request.id, by: caller)
            }
        case NotificationListRequest.type:
            return try await Self.serve(NotificationListRequest.self, body) { request async throws(WireError) in
                NotificationListRequest.Response(
                    notifications: try await controller.listNotifications(all: request.all, by: caller))
            }
        case NotificationDismissRequest.type:
            return try await Self.serve(NotificationDismissRequest.self, body) { request async throws(WireError) in
                try await controller.dismissNotification(request.id, by: caller)
            }
        default:
            return try await Self.serve(NotificationTakeUnshownRequest.self, body) { _ async throws(WireError) in
                NotificationListRequest.Response(
                    notifications: try await controller.takeUnshownNotifications(by: caller))
            }
        }
    }
}
