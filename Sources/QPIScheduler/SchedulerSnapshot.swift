import QPICore

/// Everything the scheduler may look at, captured at one instant.
///
/// The controller builds it from its live state; the scheduler reads nothing else: no
/// store, no clock (`now` is part of the snapshot), no randomness.
public struct SchedulerSnapshot: Sendable, Hashable {
    /// Seconds since the Unix epoch at which the snapshot was taken.
    public var now: Double
    /// Pending jobs, in any order: the policy orders them.
    public var pending: [PendingJob]
    public var qpus: [QPUView]
    /// Booked slots that have not ended, in any order.
    public var slots: [Slot]
    /// qpu_seconds left per user; a user missing here has an unlimited balance.
    public var balances: [String: Double]
    /// With `EnforceBalance=no`, balances never hold jobs back.
    public var enforceBalance: Bool
    /// How long a slot's booker must have been idle before others may borrow the slot.
    public var idleThresholdSeconds: Double
    /// When each user's last job ended (seconds since the epoch), for the idle threshold.
    public var lastJobEnd: [String: Double]
    /// Users with a job running now: a booker with a running job is not idle.
    public var runningUsers: Set<String>
    /// States of the jobs that pending jobs depend on; a job missing here has ended and
    /// been forgotten.
    public var dependencyStates: [JobID: JobState]

    public init(
        now: Double,
        pending: [PendingJob],
        qpus: [QPUView],
        slots: [Slot] = [],
        balances: [String: Double] = [:],
        enforceBalance: Bool = true,
        idleThresholdSeconds: Double = 5,
        lastJobEnd: [String: Double] = [:],
        runningUsers: Set<String> = [],
        dependencyStates: [JobID: JobState] = [:]
    ) {
        self.now = now
        self.pending = pending
        self.qpus = qpus
        self.slots = slots
        self.balances = balances
        self.enforceBalance = enforceBalance
        self.idleThresholdSeconds = idleThresholdSeconds
        self.lastJobEnd = lastJobEnd
        self.runningUsers = runningUsers
        self.dependencyStates = dependencyStates
    }
}

/// The part of a pending job that scheduling depends on.
public struct PendingJob: Sendable, Hashable {
    public var id: JobID
    public var user: String
    public var requestedQPU: String?
    public var qubits: Int
    public var held: Bool
    public var submitTime: Double
    public var timeLimitSeconds: Int
    /// Higher runs first; equal priorities run oldest first.
    public var priority: Int
    public var dependency: JobDependency?
    /// Seconds since the Unix epoch before which the job may not start; nil for none.
    public var beginTime: Double?

    public init(
        id: JobID,
        user: String,
        requestedQPU: String?,
        qubits: Int,
        held: Bool = false,
        submitTime: Double,
        timeLimitSeconds: Int,
        priority: Int = 0,
        dependency: JobDependency? = nil,
        beginTime: Double? = nil
    ) {
        self.id = id
        self.user = user
        self.requestedQPU = requestedQPU
        self.qubits = qubits
        self.held = held
        self.submitTime = submitTime
        self.timeLimitSeconds = timeLimitSeconds
        self.priority = priority
        self.dependency = dependency
        self.beginTime = beginTime
    }
}

/// A QPU as the scheduler sees it: size and whether it can take a job now.
public struct QPUView: Sendable, Hashable {
    public var name: String
    public var qubits: Int
    public var state: QPUState
    /// Jobs already sent to the QPU's node and not ended. An idle QPU with some has room in
    /// its node's queue (DispatchDepth); a job placed there starts after them.
    public var inFlight: Int

    public init(name: String, qubits: Int, state: QPUState, inFlight: Int = 0) {
        self.name = name
        self.qubits = qubits
        self.state = state
        self.inFlight = inFlight
    }
}

/// The scheduler's decision for one snapshot.
public struct Plan: Sendable, Hashable {
    /// A job to start on a QPU.
    public struct Placement: Sendable, Hashable {
        public var jobID: JobID
        public var qpu: String
        public init(jobID: JobID, qpu: String) {
            self.jobID = jobID
            self.qpu = qpu
        }
    }

    /// Jobs to start now, in the order they were chosen.
    public var placements: [Placement]
    /// Why each job that stays pending waits.
    public var reasons: [JobID: PendingReason]

    public init(placements: [Placement] = [], reasons: [JobID: PendingReason] = [:]) {
        self.placements = placements
        self.reasons = reasons
    }
}
