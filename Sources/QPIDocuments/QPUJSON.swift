public import QPICore
public import QPIWire

/// A QPU and its load; `reason` null unless it is drained or disabled.
public struct QPUJSON: Codable, Sendable, Hashable {
    public var name: String
    public var executor: String
    public var qubits: Int
    /// IDLE, ALLOCATED, DOWN, DRAIN or DISABLED.
    public var state: QPUState
    public var reason: String?
    public var runningJobs: Int
    public var pendingJobs: Int

    public init(_ status: QPUStatus) {
        self.name = status.qpu.name
        self.executor = status.qpu.executor
        self.qubits = status.qpu.qubits
        self.state = status.qpu.state
        self.reason = status.qpu.reason
        self.runningJobs = status.runningJobs
        self.pendingJobs = status.pendingJobs
    }

    /// The status this document shows; it holds every field of one.
    public var status: QPUStatus {
        QPUStatus(
            qpu: QPU(
                name: self.name, executor: self.executor, qubits: self.qubits, state: self.state, reason: self.reason),
            runningJobs: self.runningJobs, pendingJobs: self.pendingJobs)
    }

    enum CodingKeys: String, CodingKey { case name, executor, qubits, state, reason, runningJobs, pendingJobs }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.executor, forKey: .executor)
        try container.encode(self.qubits, forKey: .qubits)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.reason, forKey: .reason)
        try container.encode(self.runningJobs, forKey: .runningJobs)
        try container.encode(self.pendingJobs, forKey: .pendingJobs)
    }
}
