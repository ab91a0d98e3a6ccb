public import QPICore

/// A QPU as declared by a `QPUName=` line (or an entry of `qpus` in a JSON/YAML file).
public struct QPUDeclaration: Sendable, Hashable {
    /// Unique QPU name: letters, digits, `_`, `-` and `.`.
    public var name: String
    /// Executor kind: `sim` for the native simulator, or an external executor's name.
    public var executor: String
    /// Number of qubits the QPU offers.
    public var qubits: Int
    /// Command line qpid runs for an external executor; nil uses the executor's default.
    public var executorCommand: String?
    /// Administrative state to start in, `DRAIN` or `DISABLED`; nil for none.
    public var state: QPUState?
    /// Why the QPU starts drained or disabled.
    public var reason: String?
    /// The file and line of the declaration.
    public var location: ConfigurationLocation

    /// A declaration; `location` says where it was written, for later diagnostics.
    public init(
        name: String,
        executor: String,
        qubits: Int,
        executorCommand: String? = nil,
        state: QPUState? = nil,
        reason: String? = nil,
        location: ConfigurationLocation
    ) {
        self.name = name
        self.executor = executor
        self.qubits = qubits
        self.executorCommand = executorCommand
        self.state = state
        self.reason = reason
        self.location = location
    }
}
