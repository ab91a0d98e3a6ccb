public import QPICore

extension JobStore {
    /// Records how posting job `id`'s end document to its `--notify-url` went, for `qstat -j`.
    public func setNotifyStatus(_ jobID: JobID, _ status: String) async throws {
        try await self.write("setNotifyStatus") { db in
            try db.execute(sql: "UPDATE jobs SET notify_status = ? WHERE id = ?", arguments: [status, jobID])
        }
    }

    /// Ended jobs whose `--notify-url` has no final answer yet (never tried, or between
    /// retries when the controller stopped) that ended at or after `since`, oldest first.
    public func jobsAwaitingWebhook(endedSince since: Double) throws -> [Job] {
        try self.read("jobsAwaitingWebhook") { db in
            try Job.fetchAll(
                db,
                sql: """
                    SELECT \(Job.columns) FROM jobs
                    WHERE notify_url IS NOT NULL AND end_time >= ? AND state NOT IN ('PENDING', 'RUNNING')
                        AND (notify_status IS NULL OR notify_status LIKE 'retrying%')
                    ORDER BY id
                    """,
                arguments: [since])
        }
    }
}
