public import QPICore

extension JobStore {
    /// Stores new jobs PENDING (held ones with reason `Held`), each with its scripts and a
    /// `submitted` event, and returns them with their ids, in order.
    ///
    /// The batch is one unit: all of it commits or none. It shares a transaction with
    /// other writes waiting at the time (group commit), and the call returns only after
    /// that transaction has committed, so a returned id is durable. Ids grow and are
    /// never reused, even after jobs are deleted.
    ///
    /// - Throws: `StoreError` `.constraint` for a job that breaks a schema rule (shots or
    ///   time limit below 1, negative counts); nothing of the batch is stored then.
    public func submit(_ jobs: [NewJob]) async throws -> [Job] {
        guard !jobs.isEmpty else { return [] }
        let rows = jobs.reduce(0) { $0 + 2 + $1.scripts.count }
        return try await self.write("submit", rows: rows) { db in try Self.insert(jobs, db) }
    }

    /// Inserts `jobs` in order; array tasks among them join the array of the first one.
    static func insert(_ jobs: [NewJob], _ db: any SQLConnection) throws -> [Job] {
        var arrayJobID: JobID?
        return try jobs.map { try Self.insert($0, db, arrayJobID: &arrayJobID) }
    }

    static func insert(_ new: NewJob, _ db: any SQLConnection, arrayJobID: inout JobID?) throws -> Job {
        let reason: PendingReason? = new.held ? .held : nil
        let id = try db.insertReturningID(
            sql: """
                INSERT INTO jobs (name, "user", uid, state, reason, requested_qpu, shots, circuit_count, qubits,
                    time_limit_seconds, seed, submit_time)
                VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
            arguments: [
                new.name, new.user, Int64(new.uid), reason?.rawValue, new.requestedQPU, new.shots, new.circuitCount,
                new.qubits, new.timeLimitSeconds, new.seed.map { Int64(bitPattern: $0) }, new.submitTime,
            ])
        let array = new.arrayTask.map { task in
            JobArrayTask(arrayJobID: arrayJobID ?? id, taskID: task.taskID, limit: task.limit)
        }
        if let array {
            arrayJobID = array.arrayJobID
            try db.execute(
                sql: "UPDATE jobs SET array_job_id = ?, array_task_id = ?, array_task_limit = ? WHERE id = ?",
                arguments: [array.arrayJobID, array.taskID, array.limit, id])
        }
        // Most jobs keep the columns' defaults, so the common insert names only the
        // original columns.
        if new.priority != 0 || new.dependency != nil || new.beginTime != nil || new.comment != nil
            || !new.executorOptions.isEmpty || new.mailUser != nil || new.notifyURL != nil
        {
            try db.execute(
                sql: """
                    UPDATE jobs SET priority = ?, dependency = ?, begin_time = ?, comment = ?, executor_options = ?,
                        mail_type = ?, mail_user = ?, notify_url = ?
                    WHERE id = ?
                    """,
                arguments: [
                    new.priority, new.dependency?.text, new.beginTime, new.comment,
                    Job.executorOptionsColumn(new.executorOptions), new.mailType, new.mailUser, new.notifyURL, id,
                ])
        }

        for (position, script) in new.scripts.enumerated() {
            try db.execute(
                sql: "INSERT INTO job_scripts (job_id, position, name, text) VALUES (?, ?, ?, ?)",
                arguments: [id, position, script.name, script.text])
        }

        // A new job has no events yet, so its sequence numbers are known without a lookup.
        let insertEvent = "INSERT INTO job_events (job_id, seq, kind, time) VALUES (?, ?, ?, ?)"
        try db.execute(sql: insertEvent, arguments: [id, 1, JobEvent.Kind.submitted.rawValue, new.submitTime])
        if new.held {
            try db.execute(sql: insertEvent, arguments: [id, 2, JobEvent.Kind.held.rawValue, new.submitTime])
        }

        return Job(
            id: id,
            name: new.name,
            user: new.user,
            uid: new.uid,
            state: .pending,
            reason: reason,
            held: new.held,
            requestedQPU: new.requestedQPU,
            shots: new.shots,
            circuitCount: new.circuitCount,
            qubits: new.qubits,
            timeLimitSeconds: new.timeLimitSeconds,
            seed: new.seed,
            submitTime: new.submitTime,
            priority: new.priority,
            dependency: new.dependency,
            beginTime: new.beginTime,
            comment: new.comment,
            executorOptions: new.executorOptions,
            mailType: new.mailType,
            mailUser: new.mailUser,
            notifyURL: new.notifyURL,
            array: array
        )
    }
}
