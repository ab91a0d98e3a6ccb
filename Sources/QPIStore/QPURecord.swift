public import QPICore

/// A QPU as the store keeps it: its declaration plus the controller's bookkeeping.
public struct QPURecord: Sendable, Hashable {
    public var qpu: QPU
    /// The port the controller dispatches jobs to this QPU on; nil until allocated.
    public var dispatchPort: Int?
    /// The port this QPU's node sends results to; nil until allocated.
    public var resultPort: Int?
    /// Hash of the QPU's access token; nil when none was issued. The token itself is
    /// never stored.
    public var tokenHash: String?
    /// When the QPU was first stored, in seconds since the Unix epoch.
    public var createdAt: Double

    public init(
        qpu: QPU,
        dispatchPort: Int? = nil,
        resultPort: Int? = nil,
        tokenHash: String? = nil,
        createdAt: Double
    ) {
        self.qpu = qpu
        self.dispatchPort = dispatchPort
        self.resultPort = resultPort
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
