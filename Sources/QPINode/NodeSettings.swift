import Foundation
import QPICore
import QPIExecutor

/// What a node daemon needs to know: its QPU, its executor, and how to reach the controller.
public struct NodeSettings: Sendable {
    public var qpu: String
    public var executorName: String
    public var qubits: Int
    public var executor: ExecutorCommand
    /// Spool and other state live here.
    public var dataDirectory: URL
    /// The controller's command listener, used to learn the QPU's link address.
    public var controllerURL: String
    public var mungeSocket: String?
    /// `ClusterName`, which the node's munge credentials name.
    public var clusterName: String
    public var maxMessageSize: Int
    /// Until the controller's welcome says otherwise.
    public var heartbeatSeconds: Double
    /// Whose munge credential on the welcome proves the controller: root and this daemon's
    /// own user always, and the AdminUsers accounts (the controller's own, when nodes run
    /// under an account of their own).
    public var trustedControllerUIDs: Set<UInt32> = [0, getuid()]
    /// Set for a node that registers with a token over TLS instead of munge.
    public var registry: RegistryLink?
    /// Executor events forwarded to the controller per second at most; the rest are dropped.
    public var telemetryPerSecond = TelemetryRateLimiter.defaultPerSecond

    public init(
        qpu: String,
        executorName: String,
        qubits: Int,
        executor: ExecutorCommand,
        dataDirectory: URL,
        controllerURL: String,
        mungeSocket: String?,
        clusterName: String,
        maxMessageSize: Int = 64 << 20,
        heartbeatSeconds: Double = 5
    ) {
        self.qpu = qpu
        self.executorName = executorName
        self.qubits = qubits
        self.executor = executor
        self.dataDirectory = dataDirectory
        self.controllerURL = controllerURL
        self.mungeSocket = mungeSocket
        self.clusterName = clusterName
        self.maxMessageSize = maxMessageSize
        self.heartbeatSeconds = heartbeatSeconds
    }
}
