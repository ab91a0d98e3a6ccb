internal import Foundation
public import QPICore

extension JobStore {
    /// Applies many transitions in one transaction and returns each one's outcome, in
    /// order: the controller's way to commit, say, 500 results that arrived together.
    ///
    /// The batch is all-or-nothing against storage errors; a transition whose guard does
    /// not hold is no error (its outcome says `unchanged`). Later transitions see the
    /// effects of earlier ones in the same batch. Returns after the commit.
    ///
    /// - Throws: `StoreError` `.invalidArgument`, before writing anything, if any
    ///   transition could never apply (a run ending in PENDING, negative qpu_seconds).
    public func applyBatch(_ transitions: [JobTransition]) async throws -> [TransitionOutcome] {
        guard !transitions.isEmpty else { return [] }
        let resultsJSON: [String?]
        do {
            let encoder = JSONEncoder()
            resultsJSON = try transitions.map { transition in
                try transition.validate()
                return try transition.encodedResults(with: encoder)
            }
        } catch {
            throw StoreError.wrapping(error, operation: "applyBatch")
        }
        return try await self.write("applyBatch", rows: transitions.count * 3) { db in
            try zip(transitions, resultsJSON).map { try $0.apply(db, resultsJSON: $1) }
        }
    }

    /// PENDING → RUNNING on `qpu` under `dispatchID`. Does nothing (returns false) for a
    /// held job or one that is not pending, such as one already dispatched.
    ///
    /// This and the other single-job transitions throw `StoreError` `.notFound` for an
    /// unknown job.
    @discardableResult
    public func markDispatched(_ jobID: JobID, qpu: String, dispatchID: Int64, time: Double) async throws -> Bool {
        try await self.dispatch(jobID, qpu: qpu, dispatchID: dispatchID, time: time) != nil
    }

    /// ``markDispatched(_:qpu:dispatchID:time:)`` that also returns the scripts to send, read
    /// in the same transaction so that the dispatch path makes no read of its own; nil when
    /// the job was not dispatched.
    public func dispatch(_ jobID: JobID, qpu: String, dispatchID: Int64, time: Double) async throws
        -> [ScriptFile]?
    {
        let transition = JobTransition.dispatch(jobID, qpu: qpu, dispatchID: dispatchID, time: time)
        let outcome = try await self.write("dispatch", rows: 3) { db -> (TransitionOutcome, [ScriptFile]?) in
            let outcome = try transition.apply(db, resultsJSON: nil)
            return (outcome, outcome.changed ? try Self.scripts(of: jobID, db) : nil)
        }
        if outcome.0 == .notFound {
            throw StoreError(code: .notFound, message: "job \(jobID) does not exist", operation: "transition")
        }
        return outcome.1
    }

    /// Records the end of the run `dispatchID` of a RUNNING job: its end state, results,
    /// message and measured qpu_seconds, charging `chargeUser`'s balance (an unlimited
    /// balance stays unlimited), all in one transaction.
    ///
    /// Exactly once: a result for another dispatch, or a second one for the same, or one
    /// reported from a QPU other than the job's, changes nothing and returns false.
    ///
    /// - Parameters:
    ///   - qpu: the QPU whose node reported the result.
    ///   - state: COMPLETED, FAILED or TIMEOUT.
    ///   - results: per-circuit results, or nil if the run produced none.
    ///   - calibrationID: the QPU's calibration snapshot the job ran on, if known.
    @discardableResult
    public func recordResult(
        _ jobID: JobID,
        dispatchID: Int64,
        from qpu: String,
        state: JobState,
        results: [CircuitResult]?,
        message: String? = nil,
        qpuSeconds: Double,
        chargeUser: String,
        calibrationID: String? = nil,
        time: Double
    ) async throws -> Bool {
        let run = FinishedRun(
            state: state,
            results: results,
            message: message,
            qpuSeconds: qpuSeconds,
            chargeUser: chargeUser,
            calibrationID: calibrationID,
            qpu: qpu
        )
        return try await self.apply(.finish(jobID, dispatchID: dispatchID, run: run, time: time)).changed
    }

    /// Sends a RUNNING job whose run `dispatchID` was lost back to PENDING with
    /// `requeueCount + 1`, or ends it in `exhaustedState` once it has been requeued
    /// `maxRequeue` times. `reason` is kept in the event (and as the message of an
    /// ended job).
    ///
    /// - Returns: the job's new state, or nil if nothing changed (not running, or running
    ///   under another dispatch).
    @discardableResult
    public func requeue(
        _ jobID: JobID,
        dispatchID: Int64,
        reason: String,
        maxRequeue: Int,
        exhaustedState: JobState = .nodeFail,
        time: Double
    ) async throws -> JobState? {
        let outcome = try await self.apply(
            .requeue(
                jobID,
                dispatchID: dispatchID,
                reason: reason,
                maxRequeue: maxRequeue,
                exhaustedState: exhaustedState,
                time: time
            )
        )
        guard case .applied(let state) = outcome else { return nil }
        return state
    }

    /// Cancels the pending or running jobs among `jobIDs`, on behalf of `user`, in one
    /// transaction. Finished or unknown jobs are left alone.
    ///
    /// - Returns: the ids that were cancelled, in the given order.
    @discardableResult
    public func cancel(_ jobIDs: [JobID], by user: String, time: Double) async throws -> [JobID] {
        let outcomes = try await self.applyBatch(jobIDs.map { .cancel($0, by: user, time: time) })
        return zip(jobIDs, outcomes).filter { $0.1.changed }.map(\.0)
    }

    /// Holds (`true`) or releases (`false`) a pending job, `note` (who, and in what role)
    /// kept in the event. Returns false if the job is not pending or already in that condition.
    @discardableResult
    public func setHeld(_ jobID: JobID, _ held: Bool, note: String? = nil, time: Double) async throws -> Bool {
        try await self.apply(.hold(jobID, held: held, note: note, time: time)).changed
    }

    /// Ends a pending job that can never run as FAILED with `message`. Returns false if
    /// the job is not pending.
    @discardableResult
    public func fail(_ jobID: JobID, message: String, time: Double) async throws -> Bool {
        try await self.apply(.fail(jobID, message: message, time: time)).changed
    }

    /// Changes what `update` sets on a pending job, `user` (who asked) kept in the event.
    /// Returns false if the job is not pending.
    @discardableResult
    public func update(_ jobID: JobID, _ update: JobUpdate, by user: String, time: Double) async throws -> Bool {
        try await self.apply(.update(jobID, update, by: user, time: time)).changed
    }

    /// Sends a running or ended job back to PENDING for another run (`qctl job requeue`);
    /// see `JobTransition.resubmit`. Returns false if it is pending already.
    @discardableResult
    public func resubmit(_ jobID: JobID, by user: String, time: Double) async throws -> Bool {
        try await self.apply(.resubmit(jobID, by: user, time: time)).changed
    }

    /// One transition in its own batch; an unknown job is an error here, where a caller
    /// named exactly one job, but only an outcome in a batch.
    private func apply(_ transition: JobTransition) async throws -> TransitionOutcome {
        let outcomes = try await self.applyBatch([transition])
        if outcomes[0] == .notFound {
            throw StoreError(
                code: .notFound, message: "job \(transition.jobID) does not exist", operation: "transition")
        }
        return outcomes[0]
    }
}
