public import QPICore

/// One change of a job's state, as `JobStore.applyBatch(_:)` applies it.
///
/// Every transition is guarded: it applies only from the states (and, for results and
/// requeues, the dispatch) it names, so repeating one changes nothing. Each one that
/// applies appends a `JobEvent`. Times are seconds since the Unix epoch.
public enum JobTransition: Sendable, Hashable {
    /// PENDING (not held) → RUNNING on `qpu` under `dispatchID`.
    case dispatch(JobID, qpu: String, dispatchID: Int64, time: Double)
    /// RUNNING under `dispatchID` → the run's end state; stores the results and charges
    /// the user, once.
    case finish(JobID, dispatchID: Int64, run: FinishedRun, time: Double)
    /// RUNNING under `dispatchID` → PENDING with `requeueCount + 1`, or to
    /// `exhaustedState` (NODE_FAIL or TIMEOUT) once `requeueCount` has reached `maxRequeue`.
    case requeue(JobID, dispatchID: Int64, reason: String, maxRequeue: Int, exhaustedState: JobState, time: Double)
    /// PENDING or RUNNING → CANCELLED; `user` is who cancelled it.
    case cancel(JobID, by: String, time: Double)
    /// PENDING: held (`true`) or released (`false`).
    case hold(JobID, held: Bool, note: String?, time: Double)
    /// PENDING → FAILED, for a job that can never run (no QPU can take it).
    case fail(JobID, message: String, time: Double)
    /// PENDING: the fields `update` sets change (`qctl job update`); `by` is who changed them.
    case update(JobID, JobUpdate, by: String, time: Double)
    /// RUNNING or ended → PENDING for another run (`qctl job requeue`), `requeueCount + 1`;
    /// the earlier run's results are dropped, its charge stays. `by` is who asked.
    case resubmit(JobID, by: String, time: Double)

    /// The job the transition concerns.
    public var jobID: JobID {
        switch self {
        case .dispatch(let id, _, _, _), .finish(let id, _, _, _), .requeue(let id, _, _, _, _, _),
            .cancel(let id, _, _), .hold(let id, _, _, _), .fail(let id, _, _), .update(let id, _, _, _),
            .resubmit(let id, _, _):
            return id
        }
    }
}

/// How a dispatched run ended, as the node reported it.
public struct FinishedRun: Sendable, Hashable {
    /// COMPLETED, FAILED or TIMEOUT.
    public var state: JobState
    /// Per-circuit results; nil when the run produced none (a failure).
    public var results: [CircuitResult]?
    /// The failure message, if any.
    public var message: String?
    /// The executor's measured run time, charged to `chargeUser`.
    public var qpuSeconds: Double
    /// Whose balance pays: the job's user.
    public var chargeUser: String
    /// The QPU's latest calibration snapshot when the job ran; nil if none.
    public var calibrationID: String?
    /// The QPU whose node reported the run: it must be the QPU the run was dispatched to,
    /// so that no node can end another QPU's job.
    public var qpu: String

    public init(
        state: JobState,
        results: [CircuitResult]?,
        message: String? = nil,
        qpuSeconds: Double,
        chargeUser: String,
        calibrationID: String? = nil,
        qpu: String
    ) {
        self.qpu = qpu
        self.state = state
        self.results = results
        self.message = message
        self.qpuSeconds = qpuSeconds
        self.chargeUser = chargeUser
        self.calibrationID = calibrationID
    }
}

/// What a transition did.
public enum TransitionOutcome: Sendable, Hashable {
    /// It applied; the job is now in this state.
    case applied(JobState)
    /// Its guard did not hold (a repeat, a stale dispatch, a finished job): nothing was
    /// written. The job is in this state.
    case unchanged(JobState)
    /// No job has this id.
    case notFound

    /// Whether the transition wrote anything.
    public var changed: Bool {
        if case .applied = self { return true }
        return false
    }
}
