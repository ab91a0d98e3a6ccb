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
    /// where and when `StartEstimator` expects each to start. The dry run runs off the
    /// actor, so a long queue does not hold up the controller meanwhile.
    public func startEstimates(_ query: JobQuery) async -> [StartEstimate] {
        let now = self.now()
        let order = { (job: Job) in
            PendingJob(
                id: job.id, user: job.user, requestedQPU: job.requestedQPU, qubits: job.qubits, held: job.held,
                submitTime: job.submitTime, timeLimitSeconds: job.timeLimitSeconds, priority: job.priority,
                dependency: job.dependency, beginTime: job.beginTime)
        }
        let jobs = self.active.records.filter { $0.state == .pending }.map(\.job).map { ($0, order($0)) }
            .sorted { SchedulingPolicy.precedes($0.1, $1.1) }
        let estimated = jobs.prefix(Self.maxEstimatedJobs).map(\.1)
        var dependencyStates: [JobID: JobState] = [:]
        for job in estimated {
            for target in job.dependency?.jobIDs ?? [] {
                if let state = self.active[target]?.state ?? self.scheduling.endedStates[target] {
                    dependencyStates[target] = state
                }
            }
        }
        // A QPU's jobs in flight run one after another: each queued one from the end of the
        // one before, as its node starts it.
        var running: [StartEstimator.RunningJob] = []
        for member in self.fleet.members.values {
            var end = member.headSince
            for (index, ref) in member.inFlight.enumerated() {
                guard let job = self.active[ref.jobID], job.state == .running else { continue }
                let start = index == 0 ? member.headStart(of: job) : end
                end = start + Double(job.timeLimitSeconds)
                running.append(StartEstimator.RunningJob(id: job.id, user: job.user, qpu: member.qpu.name, end: end))
            }
        }
        let snapshot = SchedulerSnapshot(
            now: now, pending: estimated, qpus: self.qpuViews(),
            slots: self.scheduling.slots.all.filter { $0.end > now }, balances: self.limitedBalances(),
            enforceBalance: self.settings.enforceBalance, idleThresholdSeconds: self.settings.idleThresholdSeconds,
            lastJobEnd: self.scheduling.lastJobEnd, runningUsers: Set(running.map(\.user)),
            dependencyStates: dependencyStates)
        let estimates = await Task.detached { StartEstimator.estimate(snapshot, running: running) }.value
        let filter = JobFilter(users: query.users, qpus: query.qpus, names: query.names)
        return jobs.enumerated().compactMap { index, entry in
            guard filter.matches(entry.0) else { return nil }
            let estimate = estimates[entry.0.id]
            return StartEstimate(job: entry.0, position: index + 1, startTime: estimate?.start, qpu: estimate?.qpu)
        }
    }
}
