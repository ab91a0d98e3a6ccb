public import QPIWire

/// A QPU just registered: its link ports, the access token and CA fingerprint (shown only
/// in this document), and how to start its node, as `qctl qpu create` prints it.
public struct CreatedQPUJSON: Codable, Sendable, Hashable {
    public var qpu: QPUJSON
    public var dispatchPort: Int
    public var resultPort: Int
    public var token: String
    public var caFingerprint: String
    /// The shell line that starts the QPU's qpid by hand.
    public var nodeCommand: String
    /// The shell lines that install it as qpid@NAME.service.
    public var nodeSetup: [String]

    public init(_ created: QPUCreateRequest.Response, nodeCommand: String, nodeSetup: [String]) {
        self.qpu = QPUJSON(QPUStatus(qpu: created.qpu, runningJobs: 0, pendingJobs: 0))
        self.dispatchPort = created.dispatchPort
        self.resultPort = created.resultPort
        self.token = created.token
        self.caFingerprint = created.caFingerprint
        self.nodeCommand = nodeCommand
        self.nodeSetup = nodeSetup
    }
}
