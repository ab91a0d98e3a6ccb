internal import GRDB
public import QPICore

/// A submission under a client-chosen id: the job, and whether this call created it.
public struct IdentifiedSubmission: Sendable, Hashable {
    public var job: Job
    /// False when the id was already stored: `job` is the one the first call created,
    /// in its current state.
    public var isNew: Bool
}

extension JobStore {
    /// The job `user` already submitted under `submissionID`, if any.
    public func job(submittedAs submissionID: String, by user: String) throws -> Job? {
        try self.read("job by submission id") { db in try Self.job(submittedAs: submissionID, by: user, db) }
    }

    /// Stores `new` like ``submit(_:)`` unless `new.user` already submitted a job under
    /// `submissionID`; then that job is returned and nothing is written. The check and the
    /// insert share one transaction, so two retries racing each other create one job.
    public func submit(_ new: NewJob, submissionID: String) async throws -> IdentifiedSubmission {
        try await self.write("submit", rows: 3 + new.scripts.count) { db in
            if let existing = try Self.job(submittedAs: submissionID, by: new.user, db) {
                return IdentifiedSubmission(job: existing, isNew: false)
            }
            let job = try Self.insert(new, try InsertStatements(db), db)
            try db.execute(
                sql: "INSERT INTO job_submissions (user, submission_id, job_id) VALUES (?, ?, ?)",
                arguments: [new.user, submissionID, job.id])
            return IdentifiedSubmission(job: job, isNew: true)
        }
    }

    private static func job(submittedAs submissionID: String, by user: String, _ db: Database) throws -> Job? {
        try Job.fetchAll(
            db,
            sql: """
                SELECT \(Job.columns) FROM jobs
                WHERE id = (SELECT job_id FROM job_submissions WHERE user = ? AND submission_id = ?)
                """,
            arguments: [user, submissionID]
        ).first
    }
}
