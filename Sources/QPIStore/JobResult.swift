public import QPICore

/// The stored outcome of a job's run: what `qresult` prints.
public struct JobResult: Sendable, Hashable {
    public var jobID: JobID
    /// The dispatch that produced the result.
    public var dispatchID: Int64
    /// One entry per circuit, in the job's circuit order.
    public var results: [CircuitResult]
    /// When the controller received the result, in seconds since the Unix epoch.
    public var receivedAt: Double
    /// The QPU's calibration snapshot the job ran on; nil if the QPU reported none.
    public var calibrationID: String?

    public init(
        jobID: JobID,
        dispatchID: Int64,
        results: [CircuitResult],
        receivedAt: Double,
        calibrationID: String? = nil
    ) {
        self.jobID = jobID
        self.dispatchID = dispatchID
        self.results = results
        self.receivedAt = receivedAt
        self.calibrationID = calibrationID
    }
}
