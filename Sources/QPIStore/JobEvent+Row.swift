internal import QPICore

/// Reading and appending `job_events` rows.
extension JobEvent {
    init(row: SQLRow) throws {
        let jobID: Int64 = try row.decode(atIndex: 0)
        let kindText: String = try row.decode(atIndex: 1)
        guard let kind = Kind(rawValue: kindText) else {
            throw StoreError.corruptRow("an event of job \(jobID)", kindText)
        }
        try self.init(
            jobID: jobID,
            kind: kind,
            time: row.decode(atIndex: 2),
            qpu: row.decode(atIndex: 3),
            detail: row.decode(atIndex: 4)
        )
    }

    /// Appends this event after the job's last one.
    func append(to db: any SQLConnection) throws {
        try db.execute(
            sql: """
                INSERT INTO job_events (job_id, seq, kind, time, qpu, detail)
                SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5 FROM job_events WHERE job_id = ?1
                """,
            arguments: [self.jobID, self.kind.rawValue, self.time, self.qpu, self.detail])
    }
}
