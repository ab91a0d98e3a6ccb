import QPICore
import QPIWire
import Synchronization

/// The administrators' notifications a command prints on standard error before its own
/// output, like a message of the day.
///
/// Each notification is printed once per user: the controller records that it was shown
/// (``NotificationTakeUnshownRequest``), so later commands stay quiet until a new one
/// arrives. `qctl notify list` shows the current ones again; `qctl notify dismiss ID`
/// hides one from listings; `--quiet` skips the whole check for one command. Standard
/// output, and so `--json` and `--parsable`, never carries them.
public final class MessageOfTheDay: Sendable {
    /// Set by ``ClusterOptions/connect(notifications:)`` unless `--quiet`; the first
    /// request through ``ControllerClient/callOrExit(_:timeout:command:)`` clears it.
    private let pending = Mutex(false)

    public init() {}

    func enable() {
        self.pending.withLock { $0 = true }
    }

    /// True once after ``enable()``: whether this call should fetch and print.
    func claim() -> Bool {
        self.pending.withLock { pending in
            defer { pending = false }
            return pending
        }
    }

    /// Fetches the caller's unshown notifications and prints them. A controller that cannot
    /// answer (an older one, or a slow one) costs the command nothing but this check: the
    /// command's own request reports any real trouble.
    func show(through client: ControllerClient) async {
        guard let answer = try? await client.call(NotificationTakeUnshownRequest(), timeout: .seconds(5)),
            !answer.notifications.isEmpty
        else { return }
        printError(Self.render(answer.notifications, utcOffset: SlotListing.localOffset))
    }

    /// The notice block: one entry per notification, then how to see them again.
    public static func render(_ notifications: [Announcement], utcOffset: Int) -> String {
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
