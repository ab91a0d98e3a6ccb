internal import GRDB
public import QPICore

extension JobStore {
    /// Records how posting job `id`'s end document to its `--notify-url` went, for `qstat -j`.
    public func setNotifyStatus(_ jobID: JobID, _ status: String) async throws {
        try await self.write("setNotifyStatus") { db in
            try db.execute(sql: "UPDATE jobs SET notify_status = ? WHERE id = ?", arguments: [status, jobID])
        }
    }
}
