/// One QPU of a test cluster: its `QPUName=` line, and the node daemon the harness runs for it.
public struct ClusterQPU: Sendable, Hashable {
    /// The QPU's name (`QPUName=`), also `qpid --name`.
    public var name: String
    /// Qubits the QPU offers (`Qubits=`).
    public var qubits: Int
    /// The shell command line of an external executor (`ExecutorCommand=`); nil runs the
    /// native simulator (`Executor=sim`, `qsim --executor` next to `qpid`).
    public var executorCommand: String?
    /// The executor kind (`Executor=`); nil is `sim` without a command, `scripted` with one.
    public var executor: String?
    /// A command that runs its node daemon, the `qpid` path and arguments appended (such as
    /// `ip netns exec NAME`, which execs it in a network namespace); empty starts `qpid` itself.
    public var launcher: [String]

    /// A QPU named `name`; without `executorCommand` it runs the native simulator.
    public init(
        _ name: String, qubits: Int = 16, executor: String? = nil, executorCommand: String? = nil,
        launcher: [String] = []
    ) {
        self.name = name
        self.qubits = qubits
        self.executor = executor
        self.executorCommand = executorCommand
        self.launcher = launcher
    }

    /// The line declaring this QPU in `qpi.conf`.
    var configurationLine: String {
        guard let executorCommand else {
            return "QPUName=\(self.name) Executor=\(self.executor ?? "sim") Qubits=\(self.qubits)"
        }
        return "QPUName=\(self.name) Executor=\(self.executor ?? "scripted") Qubits=\(self.qubits) "
            + "ExecutorCommand=\"\(executorCommand)\""
    }
}
