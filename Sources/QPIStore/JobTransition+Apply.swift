internal import Foundation
internal import QPICore

/// Applying transitions inside the writer's transaction: check the guard, write the
/// change and its event. The check and the write share one transaction, so nothing can
/// change the job in between.
extension JobTransition {
    /// Refuses a transition that no job could ever accept, before anything is written.
    func validate() throws {
        switch self {
        case .finish(let id, _, let run, _):
            guard [.completed, .failed, .timeout].contains(run.state) else {
                throw StoreError.invalidArgument(
                    "a run of job \(id) cannot end in \(run.state.rawValue): use COMPLETED, FAILED or TIMEOUT")
            }
            guard run.qpuSeconds.isFinite, run.qpuSeconds >= 0 else {
                throw StoreError.invalidArgument(
                    "job \(id) reports \(run.qpuSeconds) qpu_seconds: expected a finite number of seconds >= 0")
            }
        case .requeue(let id, _, _, let maxRequeue, let exhaustedState, _):
            guard maxRequeue >= 0 else {
                throw StoreError.invalidArgument("maxRequeue for job \(id) is \(maxRequeue): expected 0 or more")
            }
            guard [.nodeFail, .timeout].contains(exhaustedState) else {
                throw StoreError.invalidArgument(
                    "job \(id) cannot end in \(exhaustedState.rawValue) after its requeues: use NODE_FAIL or TIMEOUT")
            }
        case .dispatch, .cancel, .hold, .fail, .update, .resubmit:
            break
        }
    }

    /// The run's results as stored, encoded by the caller's task so that the single
    /// writer spends its time on SQLite only; nil when there are none to store.
    func encodedResults(with encoder: JSONEncoder) throws -> String? {
        guard case .finish(_, _, let run, _) = self, let results = run.results else { return nil }
        return String(decoding: try encoder.encode(results), as: UTF8.self)
    }

    /// Applies the transition if its guard holds.
    ///
    /// Most guards are the WHERE clause of the UPDATE itself, so the common case costs one
    /// statement; only when it matches nothing is the job read, to report why. A requeue
    /// reads first, since its outcome depends on the requeue count.
    ///
    /// - Parameter resultsJSON: `encodedResults(with:)` of this transition.
    func apply(_ db: any SQLConnection, resultsJSON: String?) throws -> TransitionOutcome {
        switch self {
        case .dispatch(let id, let qpu, let dispatchID, let time):
            guard
                try Self.update(
                    db,
                    """
                    UPDATE jobs SET state = 'RUNNING', reason = NULL, qpu = ?, dispatch_id = ?, start_time = ?
                    WHERE id = ? AND state = 'PENDING' AND reason IS DISTINCT FROM 'Held' RETURNING qpu
                    """,
                    [qpu, dispatchID, time, id]
                ) != nil
            else { return try Self.unchanged(id, db) }
            try JobEvent(jobID: id, kind: .dispatched, time: time, qpu: qpu, detail: "dispatch \(dispatchID)")
                .append(to: db)
            return .applied(.running)

        case .finish(let id, let dispatchID, let run, let time):
            guard
                let updated = try Self.update(
                    db,
                    """
                    UPDATE jobs SET state = ?, end_time = ?, message = ?, qpu_seconds = qpu_seconds + ?,
                        qpu_calibration_id = ?
                    WHERE id = ? AND state = 'RUNNING' AND dispatch_id = ? AND qpu = ? RETURNING qpu
                    """,
                    [run.state.rawValue, time, run.message, run.qpuSeconds, run.calibrationID, id, dispatchID, run.qpu]
                )
            else { return try Self.unchanged(id, db) }
            try Self.finish(
                id, dispatchID: dispatchID, run: run, resultsJSON: resultsJSON, qpu: updated.qpu, time: time, db)
            return .applied(run.state)

        case .requeue(let id, let dispatchID, let reason, let maxRequeue, let exhaustedState, let time):
            guard let status = try JobStatus.fetch(id, db) else { return .notFound }
            guard status.state == .running, status.dispatchID == dispatchID else { return .unchanged(status.state) }
            if status.requeueCount < maxRequeue {
                // dispatch_id stays: the next dispatch gets a different one, so a late
                // result or hello about the lost run can never match the new one.
                try Self.execute(
                    db,
                    """
                    UPDATE jobs SET state = 'PENDING', reason = NULL, qpu = NULL, start_time = NULL,
                        requeue_count = requeue_count + 1
                    WHERE id = ?
                    """,
                    [id]
                )
                try JobEvent(jobID: id, kind: .requeued, time: time, qpu: status.qpu, detail: reason).append(to: db)
                return .applied(.pending)
            }
            try Self.execute(
                db,
                "UPDATE jobs SET state = ?, end_time = ?, message = ? WHERE id = ?",
                [exhaustedState.rawValue, time, reason, id]
            )
            let kind: JobEvent.Kind = exhaustedState == .timeout ? .timedOut : .nodeFailed
            try JobEvent(jobID: id, kind: kind, time: time, qpu: status.qpu, detail: reason).append(to: db)
            return .applied(exhaustedState)

        case .cancel(let id, let user, let time):
            guard
                let updated = try Self.update(
                    db,
                    """
                    UPDATE jobs SET state = 'CANCELLED', reason = NULL, end_time = ?, message = ?
                    WHERE id = ? AND state IN ('PENDING', 'RUNNING') RETURNING qpu
                    """,
                    [time, "cancelled by \(user)", id]
                )
            else { return try Self.unchanged(id, db) }
            try JobEvent(jobID: id, kind: .cancelled, time: time, qpu: updated.qpu, detail: user).append(to: db)
            return .applied(.cancelled)

        case .hold(let id, let held, let note, let time):
            let sql =
                held
                ? "UPDATE jobs SET reason = 'Held' WHERE id = ? AND state = 'PENDING' AND reason IS DISTINCT FROM 'Held' RETURNING qpu"
                : "UPDATE jobs SET reason = NULL WHERE id = ? AND state = 'PENDING' AND reason = 'Held' RETURNING qpu"
            guard try Self.update(db, sql, [id]) != nil else { return try Self.unchanged(id, db) }
            try JobEvent(jobID: id, kind: held ? .held : .released, time: time, detail: note).append(to: db)
            return .applied(.pending)

        case .fail(let id, let message, let time):
            guard
                try Self.update(
                    db,
                    """
                    UPDATE jobs SET state = 'FAILED', reason = NULL, end_time = ?, message = ?
                    WHERE id = ? AND state = 'PENDING' RETURNING qpu
                    """,
                    [time, message, id]
                ) != nil
            else { return try Self.unchanged(id, db) }
            try JobEvent(jobID: id, kind: .failed, time: time, detail: message).append(to: db)
            return .applied(.failed)

        case .update(let id, let update, let user, let time):
            // An empty comment clears it; every other nil leaves its column as it is.
            guard
                try Self.update(
                    db,
                    """
                    UPDATE jobs SET time_limit_seconds = COALESCE(?, time_limit_seconds),
                        requested_qpu = COALESCE(?, requested_qpu), name = COALESCE(?, name),
                        shots = COALESCE(?, shots), priority = COALESCE(?, priority),
                        comment = CASE WHEN CAST(? AS TEXT) IS NULL THEN comment ELSE NULLIF(?, '') END,
                        begin_time = COALESCE(?, begin_time)
                    WHERE id = ? AND state = 'PENDING' RETURNING qpu
                    """,
                    [
                        update.timeLimitSeconds, update.qpu, update.name, update.shots, update.priority,
                        update.comment, update.comment, update.beginTime, id,
                    ]
                ) != nil
            else { return try Self.unchanged(id, db) }
            try JobEvent(jobID: id, kind: .updated, time: time, detail: "by \(user): \(update.summary)").append(to: db)
            return .applied(.pending)

        case .resubmit(let id, let user, let time):
            // dispatch_id and qpu_seconds stay: a late result of the earlier run cannot match
            // the next one, and what that run was charged remains charged.
            guard let status = try JobStatus.fetch(id, db) else { return .notFound }
            guard status.state != .pending else { return .unchanged(.pending) }
            try Self.execute(
                db,
                """
                UPDATE jobs SET state = 'PENDING', reason = NULL, qpu = NULL, start_time = NULL, end_time = NULL,
                    message = NULL, requeue_count = requeue_count + 1
                WHERE id = ?
                """,
                [id]
            )
            try Self.execute(db, "DELETE FROM job_results WHERE job_id = ?", [id])
            try JobEvent(jobID: id, kind: .requeued, time: time, qpu: status.qpu, detail: "by \(user)").append(to: db)
            return .applied(.pending)
        }
    }

    /// What a guarded UPDATE changed: the job's QPU, which the events name.
    private struct Updated {
        let qpu: String?
    }

    /// Runs a guarded `UPDATE … RETURNING qpu`; nil when its WHERE clause matched no job.
    private static func update(_ db: any SQLConnection, _ sql: String, _ arguments: SQLArguments) throws -> Updated? {
        guard let row = try db.fetchOne(sql: sql, arguments: arguments) else { return nil }
        return Updated(qpu: try row.decode(atIndex: 0))
    }

    /// The outcome of a transition whose guard did not hold.
    private static func unchanged(_ id: JobID, _ db: any SQLConnection) throws -> TransitionOutcome {
        guard let status = try JobStatus.fetch(id, db) else { return .notFound }
        return .unchanged(status.state)
    }

    /// Completes a run whose end state is written: its result, the user's charge and the
    /// event, in the same transaction, so a crash leaves either all of them or none.
    private static func finish(
        _ id: JobID,
        dispatchID: Int64,
        run: FinishedRun,
        resultsJSON: String?,
        qpu: String?,
        time: Double,
        _ db: any SQLConnection
    ) throws {
        if let resultsJSON {
            try self.execute(
                db,
                "INSERT INTO job_results (job_id, dispatch_id, results, received_at) VALUES (?, ?, ?, ?)",
                [id, dispatchID, resultsJSON, time]
            )
        }
        // A NULL balance is unlimited and stays NULL; a missing user is charged nothing.
        try self.execute(
            db,
            "UPDATE users SET qpu_seconds_balance = qpu_seconds_balance - ? WHERE name = ? AND qpu_seconds_balance IS NOT NULL",
            [run.qpuSeconds, run.chargeUser]
        )
        let kind: JobEvent.Kind
        switch run.state {
        case .completed: kind = .completed
        case .timeout: kind = .timedOut
        default: kind = .failed
        }
        try JobEvent(jobID: id, kind: kind, time: time, qpu: qpu, detail: run.message).append(to: db)
    }

    private static func execute(_ db: any SQLConnection, _ sql: String, _ arguments: SQLArguments) throws {
        try db.execute(sql: sql, arguments: arguments)
    }
}

/// The columns of a job that a requeue's guard reads, and the state an unchanged
/// outcome reports.
private struct JobStatus {
    var state: JobState
    var dispatchID: Int64?
    var requeueCount: Int
    var qpu: String?

    static func fetch(_ id: JobID, _ db: any SQLConnection) throws -> JobStatus? {
        guard
            let row = try db.fetchOne(
                sql: "SELECT state, dispatch_id, requeue_count, qpu FROM jobs WHERE id = ?", arguments: [id])
        else { return nil }
        let stateText: String = try row.decode(atIndex: 0)
        guard let state = JobState(rawValue: stateText) else {
            throw StoreError.corruptRow("job \(id)'s state", stateText)
        }
        return try JobStatus(
            state: state,
            dispatchID: row.decode(atIndex: 1),
            requeueCount: row.decode(atIndex: 2),
            qpu: row.decode(atIndex: 3)
        )
    }
}
