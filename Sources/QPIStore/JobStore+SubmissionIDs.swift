public import QPICore

/// A submission under a client-chosen id: its jobs (every task of an array), and whether
/// this call created them.
public struct IdentifiedSubmission: Sendable, Hashable {
    /// The jobs stored; for a repeated id, only the first job of the first call.
    public var jobs: [Job]
    /// False when the id was already stored: `jobs` holds the first job the first call
    /// created, in its current state.
    public var isNew: Bool

    /// The job (or the array's first task) the submission is known by.
    public var job: Job { self.jobs[0] }
}

extension JobStore {
    /// The job `user` already submitted under `submissionID`, if any.
    public func job(submittedAs submissionID: String, by user: String) throws -> Job? {
        try self.read("job by submission id") { db in try Self.job(submittedAs: submissionID, by: user, db) }
    }

    /// Stores `news` (one job, or the tasks of one array) like ``submit(_:)`` unless their
    /// user already submitted under `submissionID`; then the first job of that submission is
    /// returned and nothing is written. The check and the insert share one transaction, so two
    /// retries racing each other store the submission once.
    public func submit(_ news: [NewJob], submissionID: String) async throws -> IdentifiedSubmission {
        guard let user = news.first?.user else { return IdentifiedSubmission(jobs: [], isNew: false) }
        let rows = news.reduce(1) { $0 + 2 + $1.scripts.count }
        return try await self.write("submit", rows: rows) { db in
            if let existing = try Self.job(submittedAs: submissionID, by: user, db) {
                return IdentifiedSubmission(jobs: [existing], isNew: false)
            }
            let jobs = try Self.insert(news, db)
            try db.execute(
                sql: "INSERT INTO job_submissions (\"user\", submission_id, job_id) VALUES (?, ?, ?)",
                arguments: [user, submissionID, jobs[0].id])
            return IdentifiedSubmission(jobs: jobs, isNew: true)
        }
    }

    private static func job(submittedAs submissionID: String, by user: String, _ db: any SQLConnection) throws -> Job? {
        try Job.fetchAll(
            db,
            sql: """
                SELECT \(Job.columns) FROM jobs
                WHERE id = (SELECT job_id FROM job_submissions WHERE "user" = ? AND submission_id = ?)
                """,
            arguments: [user, submissionID]
        ).first
    }
}
