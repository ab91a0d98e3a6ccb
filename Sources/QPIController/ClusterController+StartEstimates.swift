import QPICore
import QPIScheduler
import QPIStore
import QPIWire

/// `qstat --start`.
extension ClusterController {
    /// Pending jobs the dry run looks at, at most: a run costs a scheduling pass per
    /// event, each over these jobs, so the queue's far end gets a position but no estimate.
    static let maxEstimatedJobs = 1_000

    /// The pending jobs `query` selects, in the order the scheduler considers them, with
    /// where and when `StartEstimator` expects each to start.
    public func startEstimates(_ query: JobQuery) -> [StartEstimate] {
        let now = self.now()
        let pending = self.active.values.filter { $0.state == .pending }.map { job in
            PendingJob(
                id: job.id, user: job.user, requestedQPU: job.requestedQPU, qubits: job.qubits, held: job.held,
                submitTime: job.submitTime, timeLimitSeconds: job.timeLimitSeconds, priority: job.priority,
                dependency: job.dependency, beginTime: job.beginTime)
        }.sorted(by: SchedulingPolicy.precedes)
        let estimated = Array(pending.prefix(Self.maxEstimatedJobs))
        var dependencyStates: [JobID: JobState] = [:]
        for job in estimated {
            for target in job.dependency?.jobIDs ?? [] {
                if let state = self.active[target]?.state ?? self.scheduling.endedStates[target] {
                    dependencyStates[target] = state
                }
            }
        }
        let running = self.active.values.compactMap { job -> StartEstimator.RunningJob? in
            guard job.state == .running, let qpu = job.qpu, let start = job.startTime else { return nil }
            return StartEstimator.RunningJob(
                id: job.id, user: job.user, qpu: qpu, end: start + Double(job.timeLimitSeconds))
        }
        let snapshot = SchedulerSnapshot(
            now: now, pending: estimated, qpus: self.qpuViews(),
            reservations: self.scheduling.reservations.filter { $0.end > now }, balances: self.limitedBalances(),
            enforceBalance: self.settings.enforceBalance, idleThresholdSeconds: self.settings.idleThresholdSeconds,
            lastJobEnd: self.scheduling.lastJobEnd, runningUsers: Set(running.map(\.user)),
            dependencyStates: dependencyStates)
        let estimates = StartEstimator.estimate(snapshot, running: running)
        let filter = JobFilter(users: query.users, qpus: query.qpus, names: query.names)
        return pending.enumerated().compactMap { index, pendingJob in
            guard let job = self.active[pendingJob.id], filter.matches(job) else { return nil }
            let estimate = estimates[job.id]
            return StartEstimate(job: job, position: index + 1, startTime: estimate?.start, qpu: estimate?.qpu)
        }
    }
}
