/// A job's state, with Slurm's names and two-letter codes.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
    case timeout = "TIMEOUT"
    case nodeFail = "NODE_FAIL"

    /// Slurm's compact state code (`squeue -t` and the ST column).
    public var code: String {
        switch self {
        case .pending: return "PD"
        case .running: return "R"
        case .completed: return "CD"
        case .failed: return "F"
        case .cancelled: return "CA"
        case .timeout: return "TO"
        case .nodeFail: return "NF"
        }
    }

    /// True once the job can change no more.
    public var isFinished: Bool {
        switch self {
        case .pending, .running: return false
        case .completed, .failed, .cancelled, .timeout, .nodeFail: return true
        }
    }

    /// Parses a state by name (`PENDING`, `pending`) or code (`PD`, `pd`), as `squeue -t` does.
    public init?(nameOrCode text: String) {
        let upper = text.uppercased()
        guard let state = JobState(rawValue: upper) ?? JobState.allCases.first(where: { $0.code == upper }) else {
            return nil
        }
        self = state
    }
}

/// Why a pending job is not running, with Slurm's reason names where Slurm has one.
public enum PendingReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting behind jobs of higher priority (or earlier submission).
    case priority = "Priority"
    /// Every suitable QPU is busy.
    case resources = "Resources"
    /// The requested QPU is down, drained or not connected.
    case qpuDown = "QPUDown"
    /// Another user's booked slot holds the QPU.
    case reservation = "Reservation"
    /// The user's qpu_seconds balance is used up.
    case balanceExhausted = "BalanceExhausted"
    /// Held by the user or an administrator.
    case held = "Held"
    /// Its begin time (`qsub --begin`) has not come yet.
    case beginTime = "BeginTime"
    /// Waiting for other jobs to end.
    case dependency = "Dependency"
    /// A dependency ended in a way that can never satisfy it.
    case dependencyNeverSatisfied = "DependencyNeverSatisfied"
    /// The requested QPU does not exist or cannot run the job (too few qubits).
    case badConstraints = "BadConstraints"
    /// Its array already runs as many tasks as its `%MAX` allows.
    case jobArrayTaskLimit = "JobArrayTaskLimit"
}
