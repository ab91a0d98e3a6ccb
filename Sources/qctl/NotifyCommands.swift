import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

/// `qctl notify …`: the administrators' notifications, and each user's view of them.
struct NotifyCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Notifications: admins create, change and delete them; users list and dismiss theirs.",
        discussion: """
            A notification is broadcast, or meant for the users given with --user. It is shown \
            from --starts (default: now) until --ends (default: until deleted). Every QPI command \
            (qsub, qrun, qstat, qinfo, qres, qacct, qcancel, qresult, qctl) prints each \
            notification meant for you once, on standard error before its output; --quiet \
            skips that. 'qctl notify list' shows yours again until you dismiss them with \
            'qctl notify dismiss ID'. TIME is now, now+2h, HH:MM[:SS] (the next such local time) \
            or ISO 8601 (2026-11-26T14:00, local unless it ends in Z or +HH:MM).
            """,
        subcommands: [Create.self, List.self, Update.self, Delete.self, Dismiss.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a notification (admins only).")
        @Option(help: "A short title.") var title: String
        @Option(help: "The text users read.") var message: String
        @Option(help: "info, warning or critical (default: info).", transform: parseLevel) var level:
            Notification.Level?
        @Option(name: .customLong("user"), help: "Show it only to this user (repeatable; default: everyone).")
        var users: [String] = []
        @Option(help: "When it starts being shown (TIME; default: now).") var starts: String?
        @Option(help: "When it stops being shown (TIME; default: until deleted).") var ends: String?
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let now = currentTime()
            let request = NotificationCreateRequest(
                title: self.title, message: self.message, level: self.level, users: self.users,
                startsAt: try instant(self.starts, option: "starts", now: now),
                endsAt: try instant(self.ends, option: "ends", now: now))
            let client = try self.cluster.connect(notifications: false)
            let created = try await client.callOrExit(request, command: "qctl notify create").notification
            if self.json {
                try printDocument(NotificationJSON(created))
            } else {
                print("Created notification \(created.id)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the notifications meant for you that are active and not dismissed.")
        @Flag(help: "Every notification, for anyone, in any state (admins only).") var all = false
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect(notifications: false)
            let listed = try await client.callOrExit(
                NotificationListRequest(all: self.all), command: "qctl notify list"
            )
            .notifications
            if self.json {
                try printDocument(ListJSON(items: listed.map { NotificationJSON($0) }))
            } else if self.all {
                print(table(listed), terminator: "")
            } else {
                print(listed.map(detail).joined(separator: "\n"), terminator: "")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a notification (admins only).")
        @Argument(help: "The notification's id.") var id: Int64
        @Option(help: "New title.") var title: String?
        @Option(help: "New text.") var message: String?
        @Option(help: "info, warning or critical.", transform: parseLevel) var level: Notification.Level?
        @Option(name: .customLong("user"), help: "Show it only to these users (repeatable), replacing the list.")
        var users: [String] = []
        @Flag(help: "Show it to everyone.") var broadcast = false
        @Option(help: "New start (TIME).") var starts: String?
        @Option(help: "New end (TIME).") var ends: String?
        @Flag(help: "Show it until deleted.") var noEnd = false
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            if self.broadcast && !self.users.isEmpty {
                throw ValidationError("--broadcast and --user contradict each other")
            }
            if self.noEnd && self.ends != nil { throw ValidationError("--ends and --no-end contradict each other") }
        }

        func run() async throws {
            let now = currentTime()
            let request = NotificationUpdateRequest(
                id: self.id, title: self.title, message: self.message, level: self.level,
                users: self.broadcast ? [] : self.users.isEmpty ? nil : self.users,
                startsAt: try instant(self.starts, option: "starts", now: now),
                endsAt: try instant(self.ends, option: "ends", now: now), clearEnd: self.noEnd)
            guard !request.changesNothing else {
                throw ValidationError(
                    "nothing to change: give --title, --message, --level, --user, --broadcast, --starts, --ends or --no-end"
                )
            }
            let client = try self.cluster.connect(notifications: false)
            let updated = try await client.callOrExit(request, command: "qctl notify update").notification
            print("Updated notification \(updated.id)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a notification for everyone (admins only).")
        @Argument(help: "The notification's id.") var id: Int64
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect(notifications: false)
            let deleted = try await client.callOrExit(
                NotificationDeleteRequest(id: self.id), command: "qctl notify delete"
            ).notification
            print("Deleted notification \(deleted.id) (\(deleted.title))")
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss a notification for yourself: it no longer appears in your listings.")
        @Argument(help: "The notification's id.") var id: Int64
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect(notifications: false)
            let dismissed = try await client.callOrExit(
                NotificationDismissRequest(id: self.id), command: "qctl notify dismiss"
            ).notification
            print("Dismissed notification \(dismissed.id) (\(dismissed.title))")
        }
    }
}

private func parseLevel(_ text: String) throws -> Notification.Level {
    guard let level = Notification.Level(rawValue: text.lowercased()) else {
        throw ValidationError("--level '\(text)' is not info, warning or critical")
    }
    return level
}

private func instant(_ text: String?, option: String, now: Double) throws -> Double? {
    guard let text else { return nil }
    do {
        return try SlotListing.time(text, option: option, now: now)
    } catch {
        throw ValidationError("\(error)")
    }
}

private func time(_ seconds: Double) -> String {
    BookingTime.format(seconds, utcOffset: SlotListing.localOffset)
}

/// One notification as a user reads it.
private func detail(_ notification: Notification) -> String {
    var heading = "Notification \(notification.id) [\(notification.level.rawValue)]: \(notification.title)"
    heading += notification.endsAt.map { " (until \(time($0)))" } ?? ""
    return heading + "\n"
        + notification.message.split(separator: "\n", omittingEmptySubsequences: false)
        .map { "  \($0)\n" }.joined()
}

private func table(_ notifications: [Notification]) -> String {
    var table = TextTable(columns: [
        .init("ID", .right), .init("LEVEL"), .init("STATE"), .init("FOR"), .init("STARTS"), .init("ENDS"),
        .init("BY"), .init("TITLE"),
    ])
    let now = currentTime()
    for notification in notifications {
        table.append([
            String(notification.id), notification.level.rawValue, notification.phase(at: now).rawValue,
            notification.isBroadcast ? "ALL" : notification.users.joined(separator: ","),
            time(notification.startsAt), notification.endsAt.map(time) ?? "never", notification.createdBy,
            notification.title,
        ])
    }
    return table.render()
}
