internal import Foundation
internal import GRDB
internal import QPICore

/// Applying transitions inside the writer's transaction: read the job's current status,
/// check the guard, write the change and its event. The read and the write share one
/// transaction, so nothing can change the job in between.
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
        case .dispatch, .cancel, .hold, .fail:
            break
        }
    }

    func apply(_ db: Database) throws -> TransitionOutcome {
        guard let status = try JobStatus.fetch(self.jobID, db) else { return .notFound }
        switch self {
        case .dispatch(let id, let qpu, let dispatchID, let time):
            guard status.state == .pending, status.reason != .held else { return .unchanged(status.state) }
            try Self.execute(
                db,
                "UPDATE jobs SET state = 'RUNNING', reason = NULL, qpu = ?, dispatch_id = ?, start_time = ? WHERE id = ?",
                [qpu, dispatchID, time, id]
            )
            try JobEvent(jobID: id, kind: .dispatched, time: time, qpu: qpu, detail: "dispatch \(dispatchID)")
                .append(to: db)
            return .applied(.running)

        case .finish(let id, let dispatchID, let run, let time):
            guard status.state == .running, status.dispatchID == dispatchID else { return .unchanged(status.state) }
            try Self.finish(id, dispatchID: dispatchID, run: run, qpu: status.qpu, time: time, db)
            return .applied(run.state)

        case .requeue(let id, let dispatchID, let reason, let maxRequeue, let exhaustedState, let time):
            guard status.state == .running, status.dispatchID == dispatchID else { return .unchanged(status.state) }
            if status.requeueCount < maxRequeue {
                try Self.execute(
                    db,
                    """
                    UPDATE jobs SET state = 'PENDING', reason = NULL, qpu = NULL, dispatch_id = NULL, start_time = NULL,
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
            guard !status.state.isFinished else { return .unchanged(status.state) }
            try Self.execute(
                db,
                "UPDATE jobs SET state = 'CANCELLED', reason = NULL, end_time = ?, message = ? WHERE id = ?",
                [time, "cancelled by \(user)", id]
            )
            try JobEvent(jobID: id, kind: .cancelled, time: time, qpu: status.qpu, detail: user).append(to: db)
            return .applied(.cancelled)

        case .hold(let id, let held, let time):
            guard status.state == .pending, (status.reason == .held) != held else { return .unchanged(status.state) }
            try Self.execute(db, "UPDATE jobs SET reason = ? WHERE id = ?", [held ? PendingReason.held.rawValue : nil, id])
            try JobEvent(jobID: id, kind: held ? .held : .released, time: time).append(to: db)
            return .applied(.pending)

        case .fail(let id, let message, let time):
            guard status.state == .pending else { return .unchanged(status.state) }
            try Self.execute(
                db,
                "UPDATE jobs SET state = 'FAILED', reason = NULL, end_time = ?, message = ? WHERE id = ?",
                [time, message, id]
            )
            try JobEvent(jobID: id, kind: .failed, time: time, detail: message).append(to: db)
            return .applied(.failed)
        }
    }

    /// Ends a run: the job's end state, its result, the user's charge and the event, all
    /// in the caller's transaction, so a crash leaves either all of them or none.
    private static func finish(
        _ id: JobID,
        dispatchID: Int64,
        run: FinishedRun,
        qpu: String?,
        time: Double,
        _ db: Database
    ) throws {
        try self.execute(
            db,
            "UPDATE jobs SET state = ?, end_time = ?, message = ?, qpu_seconds = ?, qpu_calibration_id = ? WHERE id = ?",
            [run.state.rawValue, time, run.message, run.qpuSeconds, run.calibrationID, id]
        )
        if let results = run.results {
            let json = try JSONEncoder().encode(results)
            try self.execute(
                db,
                "INSERT INTO job_results (job_id, dispatch_id, results, received_at) VALUES (?, ?, ?, ?)",
                [id, dispatchID, String(decoding: json, as: UTF8.self), time]
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

    private static func execute(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        let statement = try db.cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }
}

/// The columns of a job that the transition guards read.
private struct JobStatus {
    var state: JobState
    var reason: PendingReason?
    var dispatchID: Int64?
    var requeueCount: Int
    var qpu: String?

    static func fetch(_ id: JobID, _ db: Database) throws -> JobStatus? {
        let statement = try db.cachedStatement(
            sql: "SELECT state, reason, dispatch_id, requeue_count, qpu FROM jobs WHERE id = ?"
        )
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let stateText: String = row[0]
        guard let state = JobState(rawValue: stateText) else {
            throw StoreError.corruptRow("job \(id)'s state", stateText)
        }
        let reasonText: String? = row[1]
        return JobStatus(
            state: state,
            reason: reasonText.flatMap(PendingReason.init(rawValue:)),
            dispatchID: row[2],
            requeueCount: row[3],
            qpu: row[4]
        )
    }
}
