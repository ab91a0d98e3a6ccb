import QPICore
import QPIProcess
import QPIWire
import Synchronization

/// The administrators' notifications a command prints on standard error before its own
/// output, like a message of the day.
///
/// Each notification is printed once per user: the command's first request asks for them
/// (``RequestEnvelope/notices``) and they come back on its reply, which the controller
/// records as shown, so later commands stay quiet until a new one arrives. `qctl notify list` shows the current ones again; `qctl notify dismiss ID`
/// hides one from listings; `--quiet` skips the whole check for one command. Standard
/// output, and so `--json` and `--parsable`, never carries them.
public final class MessageOfTheDay: Sendable {
    /// Set by ``ClusterOptions/connect(notifications:)`` unless `--quiet`; the command's
    /// first request through ``ControllerClient/call(_:timeout:)`` clears it and asks for
    /// the notifications on its reply.
    private let pending = Mutex(false)

    public init() {}

    package func enable() {
        self.pending.withLock { $0 = true }
    }

    /// True once after ``enable()``: whether this request should ask for notifications.
    package func claim() -> Bool {
        self.pending.withLock { pending in
            defer { pending = false }
            return pending
        }
    }

    /// Prints the notifications a reply brought, on standard error.
    package func show(_ notifications: [Notification]) {
        guard !notifications.isEmpty else { return }
        printError(Self.render(notifications, utcOffset: localUTCOffset))
    }

    /// The notice block: one entry per notification, then how to see them again.
    public static func render(_ notifications: [Notification], utcOffset: Int) -> String {
        var lines: [String] = []
        for notification in notifications {
            var heading = "QPI notice \(notification.id)"
            if notification.level != .info { heading += " [\(notification.level.rawValue.uppercased())]" }
            heading += ": \(notification.title)"
            if let endsAt = notification.endsAt {
                heading += " (until \(BookingTime.format(endsAt, utcOffset: utcOffset)))"
            }
            lines.append(heading)
            lines += notification.message.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
        }
        lines.append(
            "(Each notice is shown once. 'qctl notify list' shows them again, 'qctl notify dismiss ID' hides one, "
                + "--quiet skips this check.)")
        return lines.joined(separator: "\n")
    }
}
