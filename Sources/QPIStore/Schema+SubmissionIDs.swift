extension Schema {
    /// Client-chosen submission ids, one job each, so that a submission retried after the
    /// controller crashed before answering gets the first job back instead of a second one.
    /// Scoped by user: another user's id never names someone else's job. The row goes with
    /// its job when old jobs are purged; by then no client still retries it.
    static let v8SubmissionIDs = """
        CREATE TABLE job_submissions (
            user TEXT NOT NULL,
            submission_id TEXT NOT NULL,
            job_id INTEGER NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
            PRIMARY KEY (user, submission_id)
        ) WITHOUT ROWID;
        """
}
