/// A QPU's availability, with sinfo-like names.
public enum QPUState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Connected and free.
    case idle = "IDLE"
    /// Connected and running a job.
    case allocated = "ALLOCATED"
    /// Not connected (its node is down or not started).
    case down = "DOWN"
    /// Takes no new jobs; running ones finish.
    case drain = "DRAIN"
    /// Switched off by an administrator.
    case disabled = "DISABLED"
}

/// A QPU as declared in `qpi.conf` (`QPUName=… Executor=… Qubits=…`) or registered.
public struct QPU: Sendable, Hashable, Codable {
    public var name: String
    /// Executor kind: `sim` for the native simulator, or an external executor's name.
    public var executor: String
    public var qubits: Int
    public var state: QPUState
    /// Why the QPU is drained or disabled.
    public var reason: String?

    public init(name: String, executor: String, qubits: Int, state: QPUState = .down, reason: String? = nil) {
        self.name = name
        self.executor = executor
        self.qubits = qubits
        self.state = state
        self.reason = reason
    }
}
