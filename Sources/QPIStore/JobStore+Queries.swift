internal import Foundation
public import QPICore

extension JobStore {
    /// The pending and running jobs, oldest first: the queue the controller rebuilds in
    /// memory at startup.
    public func loadActiveJobs() throws -> [Job] {
        try self.read("loadActiveJobs") { db in
            try Job.fetchAll(db, sql: Self.activeJobsSQL(db.dialect))
        }
    }

    /// Without statistics SQLite would pick jobs_state and sort; the partial index holds only
    /// active jobs, already in id order. INDEXED BY makes the choice explicit (and the
    /// statement fails to prepare, rather than scan, if the index is gone). PostgreSQL has no
    /// such hint and keeps statistics of its own.
    static func activeJobsSQL(_ dialect: SQLDialect) -> String {
        let hint = dialect == .sqlite ? " INDEXED BY jobs_active" : ""
        return "SELECT \(Job.columns) FROM jobs\(hint) WHERE state IN ('PENDING', 'RUNNING') ORDER BY id"
    }

    /// The job with this id, or nil.
    public func job(_ id: JobID) throws -> Job? {
        try self.read("job") { db in
            try Job.fetchAll(db, sql: "SELECT \(Job.columns) FROM jobs WHERE id = ?", arguments: [id]).first
        }
    }

    /// The jobs that match `filter`, in its order. Meant for finished jobs, which the
    /// controller does not keep in memory; it reads whatever is committed.
    public func jobs(matching filter: JobFilter) throws -> [Job] {
        var (conditions, arguments) = try filter.sqlConditions(operation: "jobs", dialect: self.engine.dialect)
        var sql = "SELECT \(Job.columns) FROM jobs" + conditions
        sql += filter.order == .idAscending ? " ORDER BY id" : " ORDER BY id DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments += [max(limit, 0)]
        }
        return try self.read("jobs") { db in
            try Job.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// The job's script files, in submission order.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown job.
    public func scripts(of jobID: JobID) throws -> [ScriptFile] {
        try self.read("scripts") { db in
            let scripts = try Self.scripts(of: jobID, db)
            if scripts.isEmpty, try !Self.jobExists(jobID, db) {
                throw StoreError.notFound("job \(jobID)")
            }
            return scripts
        }
    }

    static func scripts(of jobID: JobID, _ db: any SQLConnection) throws -> [ScriptFile] {
        try SQLRow.fetchAll(
            db,
            sql: "SELECT name, text FROM job_scripts WHERE job_id = ? ORDER BY position",
            arguments: [jobID]
        ).map { try ScriptFile(name: $0.decode(atIndex: 0), text: $0.decode(atIndex: 1)) }
    }

    /// The job's history, oldest event first; empty for an unknown job.
    public func events(of jobID: JobID) throws -> [JobEvent] {
        try self.read("events") { db in
            try db.fetchAll(
                sql: "SELECT job_id, kind, time, qpu, detail FROM job_events WHERE job_id = ? ORDER BY seq",
                arguments: [jobID]
            ).map(JobEvent.init(row:))
        }
    }

    /// The stored result of the job's run, or nil if it has none (not finished, or
    /// finished without results).
    public func result(of jobID: JobID) throws -> JobResult? {
        try self.read("result") { db in
            let row = try SQLRow.fetchOne(
                db,
                sql: """
                    SELECT r.dispatch_id, r.results, r.received_at, j.qpu_calibration_id
                    FROM job_results r JOIN jobs j ON j.id = r.job_id
                    WHERE r.job_id = ?
                    """,
                arguments: [jobID]
            )
            guard let row else { return nil }
            let json: String = try row.decode(atIndex: 1)
            let results: [CircuitResult]
            do {
                results = try JSONDecoder().decode([CircuitResult].self, from: Data(json.utf8))
            } catch {
                throw StoreError.corruptRow("the result of job \(jobID)", String(json.prefix(80)), cause: error)
            }
            return try JobResult(
                jobID: jobID,
                dispatchID: row.decode(atIndex: 0),
                results: results,
                receivedAt: row.decode(atIndex: 2),
                calibrationID: row.decode(atIndex: 3)
            )
        }
    }

    /// Deletes finished jobs that ended before `time`, with their scripts, results and
    /// events, and returns how many went. Their ids are never given out again.
    public func deleteFinishedJobs(endedBefore time: Double) async throws -> Int {
        try await self.write("deleteFinishedJobs", rows: 1_000) { db in
            try db.execute(
                sql: "DELETE FROM jobs WHERE state NOT IN ('PENDING', 'RUNNING') AND end_time < ?",
                arguments: [time]
            )
            return db.changesCount
        }
    }

    static func jobExists(_ id: JobID, _ db: any SQLConnection) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ?)", arguments: [id]) ?? false
    }
}
