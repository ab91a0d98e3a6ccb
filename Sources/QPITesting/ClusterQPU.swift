/// One QPU of a test cluster: its `QPUName=` line, and the node daemon the harness runs for it.
public struct ClusterQPU: Sendable, Hashable {
    /// The QPU's name (`QPUName=`), also `qpid --name`.
    public var name: String
    /// Qubits the QPU offers (`Qubits=`).
    public var qubits: Int
    /// The shell command line of an external executor (`ExecutorCommand=`); nil runs the
    /// native simulator (`Executor=sim`, `qsim --executor` next to `qpid`).
    public var executorCommand: String?

    /// A QPU named `name`; without `executorCommand` it runs the native simulator.
    public init(_ name: String, qubits: Int = 16, executorCommand: String? = nil) {
        self.name = name
        self.qubits = qubits
        self.executorCommand = executorCommand
    }

    /// The line declaring this QPU in `qpi.conf`.
    var configurationLine: String {
        guard let executorCommand else { return "QPUName=\(self.name) Executor=sim Qubits=\(self.qubits)" }
        return "QPUName=\(self.name) Executor=scripted Qubits=\(self.qubits) ExecutorCommand=\"\(executorCommand)\""
    }
}
