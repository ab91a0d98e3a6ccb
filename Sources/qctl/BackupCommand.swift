import ArgumentParser
import QPIClient
import QPIWire

/// `qctl backup FILE`: an online snapshot of the controller's state database.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the controller's state database (admins only).",
        discussion: """
            qpictld itself writes the copy, on its own host, while it goes on serving, and only \
            into BackupDirectory (default StateSaveLocation/backup, created owner-only): FILE is a \
            name there, or an absolute path inside it; the copy is mode 0600. It is an SQLite \
            database holding every job, result, account and QPU committed before the backup \
            began. An existing FILE is refused unless --force. To restore: stop qpictld, copy \
            the copy to StateSaveLocation/qpi.db (removing qpi.db-wal and qpi.db-shm), start qpictld.
            """
    )

    @Argument(help: "The copy's name in BackupDirectory, or an absolute path inside it, on the controller's host.")
    var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let reply = try await client.callOrExit(
            BackupRequest(path: self.file, force: self.force), command: "qctl backup")
        if self.json {
            try printJSON(reply)
            return
        }
        print(
            "Backed up to \(reply.path) on the controller's host: \(reply.bytes) bytes, schema \(reply.schemaVersion)")
    }
}
