import CoreMetrics
import QPICore
import QPIWire

/// The controller's measurements. Each instrumented point in the controller calls one
/// method here, which updates ``ControllerStatistics`` (read by `qctl diag`) and hands the
/// same event to swift-metrics (scraped from `/metrics`), so the two cannot disagree.
///
/// Owned by the ``ClusterController`` actor; the swift-metrics handles are thread-safe.
package struct ControllerMetrics {
    /// Prometheus metric names, shared with the README's list and the tests.
    package enum Name {
        package static let jobs = "qpi_jobs"
        package static let queueLength = "qpi_queue_length"
        package static let submitted = "qpi_jobs_submitted_total"
        package static let started = "qpi_jobs_started_total"
        package static let ended = "qpi_jobs_ended_total"
        package static let requeued = "qpi_jobs_requeued_total"
        package static let queueWait = "qpi_queue_wait_seconds"
        package static let dispatchAck = "qpi_dispatch_ack_seconds"
        package static let schedulerPass = "qpi_scheduler_pass_seconds"
        package static let qpuBusy = "qpi_qpu_busy_seconds_total"
        package static let userQPUSeconds = "qpi_user_qpu_seconds_total"
        package static let requests = "qpi_rpc_requests_total"
    }

    private(set) var statistics: ControllerStatistics
    private let factory: any MetricsFactory
    private let submitted: Counter
    private let started: Counter
    private let requeued: Counter
    private let ended: [JobState: Counter]
    private let queueWait: Timer
    private let dispatchAck: Timer
    private let schedulerPass: Timer
    private let jobsByState: [JobState: Meter]
    private let heldJobs: Meter
    private let queueLength: Meter
    private var qpuBusy: [String: FloatingPointCounter] = [:]
    private var userQPUSeconds: [String: FloatingPointCounter] = [:]
    /// Busy seconds of each QPU already added to its counter. A counter only grows, so runs
    /// in progress are added as they go, at each ``refresh(queue:runningSince:now:)``.
    private var busyReported: [String: Double] = [:]
    /// Dispatches sent and not yet acknowledged, by job: the dispatch and when it was sent.
    private var awaitingAck: [JobID: (dispatchID: Int64, sent: Double)] = [:]

    init(startTime: Double, factory: any MetricsFactory) {
        self.statistics = ControllerStatistics(startTime: startTime)
        self.factory = factory
        self.submitted = Counter(label: Name.submitted, factory: factory)
        self.started = Counter(label: Name.started, factory: factory)
        self.requeued = Counter(label: Name.requeued, factory: factory)
        var ended: [JobState: Counter] = [:]
        for state in JobState.allCases where state.isFinished {
            ended[state] = Counter(label: Name.ended, dimensions: [("state", state.rawValue)], factory: factory)
        }
        self.ended = ended
        self.queueWait = Timer(label: Name.queueWait, factory: factory)
        self.dispatchAck = Timer(label: Name.dispatchAck, factory: factory)
        self.schedulerPass = Timer(label: Name.schedulerPass, factory: factory)
        var jobsByState: [JobState: Meter] = [:]
        for state in [JobState.pending, .running] {
            jobsByState[state] = Meter(label: Name.jobs, dimensions: [("state", state.rawValue)], factory: factory)
        }
        self.jobsByState = jobsByState
        self.heldJobs = Meter(label: Name.jobs, dimensions: [("state", "HELD")], factory: factory)
        self.queueLength = Meter(label: Name.queueLength, factory: factory)
    }

    mutating func jobSubmitted() {
        self.statistics.jobs.submitted += 1
        self.submitted.increment()
    }

    /// A job was committed RUNNING at `time`; `job` as it was before, so its first dispatch
    /// (it had none) measures its wait in the queue.
    mutating func jobDispatched(_ job: Job, at time: Double) {
        self.statistics.jobs.started += 1
        self.started.increment()
        if job.dispatchID == nil {
            let wait = max(0, time - job.submitTime)
            self.statistics.queueWait.record(wait)
            self.queueWait.recordSeconds(wait)
        }
    }

    /// The dispatch left for the node at `time`.
    mutating func dispatchSent(_ ref: JobRef, at time: Double) {
        self.awaitingAck[ref.jobID] = (ref.dispatchID, time)
    }

    /// The node acknowledged `ref` at `time`.
    mutating func dispatchAcknowledged(_ ref: JobRef, at time: Double) {
        guard let sent = self.awaitingAck[ref.jobID], sent.dispatchID == ref.dispatchID else { return }
        self.awaitingAck.removeValue(forKey: ref.jobID)
        let latency = max(0, time - sent.sent)
        self.statistics.dispatchAck.record(latency)
        self.dispatchAck.recordSeconds(latency)
    }

    /// A run on `qpu` that started at `start` was lost and its job put back in the queue at `end`.
    mutating func jobRequeued(_ id: JobID, qpu: String?, start: Double?, end: Double) {
        self.awaitingAck.removeValue(forKey: id)
        self.statistics.jobs.requeued += 1
        self.requeued.increment()
        if let qpu, let start { self.runLeft(qpu: qpu, start: start, end: end) }
    }

    /// `job` ended, as the store now holds it; a job that ended while running also frees its QPU.
    mutating func jobEnded(_ job: Job, at time: Double) {
        self.awaitingAck.removeValue(forKey: job.id)
        self.statistics.jobEnded(job.state, user: job.user, qpuSeconds: job.qpuSeconds)
        self.ended[job.state]?.increment()
        if job.qpuSeconds > 0 {
            self.userCounter(job.user).increment(by: job.qpuSeconds)
        }
        if let qpu = job.qpu, let start = job.startTime {
            self.runLeft(qpu: qpu, start: start, end: job.endTime ?? time)
        }
    }

    mutating func schedulerPassEnded(seconds: Double) {
        self.statistics.schedulerPasses.record(seconds)
        self.schedulerPass.recordSeconds(max(0, seconds))
    }

    /// Sets the gauges from the live queue and adds the busy time of runs in progress, up to `now`.
    mutating func refresh(queue: DiagReport.QueueSizes, runningSince starts: [String: [Double]], now: Double) {
        self.jobsByState[.pending]?.set(Double(queue.pending))
        self.jobsByState[.running]?.set(Double(queue.running))
        self.heldJobs.set(Double(queue.held))
        self.queueLength.set(Double(queue.pending - queue.held))
        for (qpu, starts) in starts {
            self.reportBusy(qpu: qpu, total: self.statistics.busySeconds(of: qpu, runningSince: starts, now: now))
        }
    }

    private mutating func runLeft(qpu: String, start: Double, end: Double) {
        self.statistics.runLeft(qpu: qpu, start: start, end: end)
        // One job at a time per QPU: with this run gone, the QPU has none in progress.
        self.reportBusy(qpu: qpu, total: self.statistics.qpuBusySeconds[qpu] ?? 0)
    }

    private mutating func reportBusy(qpu: String, total: Double) {
        let delta = total - (self.busyReported[qpu] ?? 0)
        guard delta > 0 else { return }
        self.busyReported[qpu] = total
        self.busyCounter(qpu).increment(by: delta)
    }

    private mutating func busyCounter(_ qpu: String) -> FloatingPointCounter {
        if let counter = self.qpuBusy[qpu] { return counter }
        let counter = FloatingPointCounter(label: Name.qpuBusy, dimensions: [("qpu", qpu)], factory: self.factory)
        self.qpuBusy[qpu] = counter
        return counter
    }

    private mutating func userCounter(_ user: String) -> FloatingPointCounter {
        if let counter = self.userQPUSeconds[user] { return counter }
        let counter = FloatingPointCounter(
            label: Name.userQPUSeconds, dimensions: [("user", user)], factory: self.factory)
        self.userQPUSeconds[user] = counter
        return counter
    }
}
