import Foundation
import Logging

/// Runs `MailProg` for job-end notices, as Slurm does: `PROG -s SUBJECT ADDRESS` with the
/// message on standard input.
///
/// Sends run in their own tasks, so a slow or hung mail program never holds up the
/// controller; at most `maxRunning` run at once and later ones wait their turn, so a burst
/// of ending jobs cannot start a process each.
actor Mailer {
    struct Notice: Sendable {
        var program: String
        var subject: String
        var address: String
        var body: String
    }

    private let turns: TurnLimit
    private let logger: Logger

    init(maxRunning: Int = 4, logger: Logger) {
        self.turns = TurnLimit(width: maxRunning)
        self.logger = logger
    }

    /// Sends `notice` in the background; failures are logged.
    nonisolated func post(_ notice: Notice) {
        Task { await self.turns.run { await self.send(notice) } }
    }

    private func send(_ notice: Notice) async {
        do {
            let status = try await Self.run(notice)
            if status != 0 {
                self.logger.warning(
                    "mail program exited with status \(status)",
                    metadata: ["program": "\(notice.program)", "to": "\(notice.address)"])
            }
        } catch {
            self.logger.warning(
                "cannot run the mail program: \(error)",
                metadata: ["program": "\(notice.program)", "to": "\(notice.address)"])
        }
    }

    /// Runs the program to its end without blocking a thread while it runs. The message
    /// reaches it from an unlinked temporary file rather than a pipe: a program that exits
    /// unread would make a pipe write raise SIGPIPE, which ends the daemon.
    private static func run(_ notice: Notice) async throws -> Int32 {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("qpi-mail-\(UUID().uuidString)").path
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(notice.body.utf8), attributes: [.posixPermissions: 0o600]),
            let input = FileHandle(forReadingAtPath: path)
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        try? FileManager.default.removeItem(atPath: path)
        defer { try? input.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: notice.program)
        process.arguments = ["-s", notice.subject, notice.address]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
