/// What the controller has done since it started: the one set of measurements behind both
/// `qctl diag` and the Prometheus metrics. Times are parameters; nothing here reads a clock.
public struct ControllerStatistics: Codable, Sendable, Hashable {
    /// When the controller started, in seconds since the epoch.
    public var startTime: Double
    /// Scheduling passes and how long each took.
    public var schedulerPasses = DurationSummary()
    /// From submission to the scheduler's decision to dispatch, for a job's first dispatch
    /// (time held or waiting on a dependency included).
    public var queueWait = DurationSummary()
    /// From sending a dispatch to the node's acknowledgement that it runs the job.
    public var dispatchAck = DurationSummary()
    public var jobs = JobCounters()
    /// Seconds each QPU held jobs that have since left it (ended or requeued); the runs in
    /// progress are added by ``busySeconds(of:runningSince:now:)``.
    public var qpuBusySeconds: [String: Double] = [:]
    /// QPU seconds charged to each user for jobs that ended since the start.
    public var userQPUSeconds: [String: Double] = [:]

    public init(startTime: Double) {
        self.startTime = startTime
    }

    /// A run on `qpu` from `start` to `end` has left it. Time before the controller started
    /// is not this controller's to count.
    public mutating func runLeft(qpu: String, start: Double, end: Double) {
        self.qpuBusySeconds[qpu, default: 0] += self.runSeconds(start: start, end: end)
    }

    /// A job ended in `state`; `qpuSeconds` were charged to `user`.
    public mutating func jobEnded(_ state: JobState, user: String, qpuSeconds: Double) {
        self.jobs.ended(state)
        if qpuSeconds > 0 { self.userQPUSeconds[user, default: 0] += qpuSeconds }
    }

    /// `qpu`'s busy seconds up to `now`: the runs that left it plus those still on it,
    /// given by their start times.
    public func busySeconds(of qpu: String, runningSince starts: [Double], now: Double) -> Double {
        starts.reduce(self.qpuBusySeconds[qpu] ?? 0) { $0 + self.runSeconds(start: $1, end: now) }
    }

    /// The fraction of the time since the start that `busySeconds` fill, from 0 to 1.
    public func utilisation(busySeconds: Double, now: Double) -> Double {
        let uptime = now - self.startTime
        guard uptime > 0 else { return 0 }
        return min(1, max(0, busySeconds / uptime))
    }

    private func runSeconds(start: Double, end: Double) -> Double {
        max(0, end - max(start, self.startTime))
    }
}
