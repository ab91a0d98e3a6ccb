/// Jobs the controller has seen through each step since it started (`qctl diag`).
public struct JobCounters: Codable, Sendable, Hashable {
    public var submitted = 0
    /// Dispatches: a requeued job that runs again counts again.
    public var started = 0
    public var completed = 0
    public var failed = 0
    public var cancelled = 0
    public var timedOut = 0
    public var nodeFailed = 0
    /// Runs lost with their node and put back in the queue.
    public var requeued = 0

    public init() {}

    /// Counts a job that reached `state`; states that are not ends count nothing.
    public mutating func ended(_ state: JobState) {
        switch state {
        case .pending, .running: return
        case .completed: self.completed += 1
        case .failed: self.failed += 1
        case .cancelled: self.cancelled += 1
        case .timeout: self.timedOut += 1
        case .nodeFail: self.nodeFailed += 1
        }
    }
}
